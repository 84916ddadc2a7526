package io.collabstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.collabstream.runtime.KafkaRawRecord;
import io.collabstream.runtime.SchemaLookupFactory;
import java.time.LocalDateTime;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The feature metrics of bench/jobs/ (issue #17) in Flink SQL, over the same {@code events} view as
 * {@link SqlJob}: a {@code SESSION} window TVF for {@code sessions.ts} and {@code PERCENTILE} in a
 * {@code TUMBLE} window TVF for {@code percentiles.ts}. Column names are the DSL's, so that {@link
 * DiffMain} pairs them with the generated rows' JSON.
 *
 * <p>Every column is expressible. The session's length in milliseconds is {@code MAX(ts) - MIN(ts)
 * + gap}: a session window starts at its first event and ends one gap after its last. The
 * difference of its bounds would not do: Flink 2.2.1's {@code TIMESTAMPDIFF(MILLISECOND, a, b)}
 * counts whole seconds (1000 for 1.234 s apart, checked), and {@code UNIX_TIMESTAMP} is seconds.
 */
final class FeatureSql {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** bench/jobs/sessions.ts's SESSION_GAP. */
  static final long SESSION_GAP_MS = 5 * 60_000L;

  private FeatureSql() {}

  static String query(String job) {
    return switch (job) {
      case "sessions" -> sessions();
      case "percentiles" -> percentiles();
      default -> throw new IllegalArgumentException("--job sessions|percentiles, not " + job);
    };
  }

  private static String sessions() {
    return String.join(
        "\n",
        "SELECT meeting_id, window_start, window_end, events, active_users, joins, messages,",
        "  lag_reports, avg_latency_ms, max_latency_ms,",
        // w.seconds / 60 and (messages * 60) / w.seconds with the DSL's double operations.
        "  session_ms / 1000E0 / 60E0 AS session_minutes,",
        "  messages * 60E0 / (session_ms / 1000E0) AS messages_per_minute,",
        "  DATE_FORMAT(window_start, 'yyyy-MM-dd') AS `date`",
        "FROM (",
        "  SELECT meeting_id, window_start, window_end,",
        "    COUNT(*) AS events,",
        "    COUNT(DISTINCT user_id) AS active_users,",
        "    COUNT(*) FILTER (WHERE event_type = 'join') AS joins,",
        "    COUNT(*) FILTER (WHERE event_type = 'message') AS messages,",
        "    COUNT(*) FILTER (WHERE event_type = 'network_lag') AS lag_reports,",
        "    AVG(latency_ms) FILTER (WHERE event_type = 'network_lag') AS avg_latency_ms,",
        "    MAX(latency_ms) FILTER (WHERE event_type = 'network_lag') AS max_latency_ms,",
        "    MAX(ts) - MIN(ts) + " + SESSION_GAP_MS + " AS session_ms",
        "  FROM TABLE(SESSION(TABLE events PARTITION BY meeting_id, DESCRIPTOR(rowtime),",
        "    INTERVAL '" + SESSION_GAP_MS / 60_000 + "' MINUTES))",
        "  GROUP BY meeting_id, window_start, window_end",
        ")");
  }

  private static String percentiles() {
    String lag = " FILTER (WHERE event_type = 'network_lag')";
    return String.join(
        "\n",
        "SELECT meeting_id, window_start, window_end,",
        "  COUNT(*)" + lag + " AS lag_reports,",
        "  PERCENTILE(latency_ms, 0.5)" + lag + " AS p50_latency_ms,",
        "  PERCENTILE(latency_ms, 0.95)" + lag + " AS p95_latency_ms,",
        "  PERCENTILE(latency_ms, 0.99)" + lag + " AS p99_latency_ms,",
        "  DATE_FORMAT(window_start, 'yyyy-MM-dd') AS `date`",
        "FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(rowtime), INTERVAL '30' SECOND))",
        "GROUP BY meeting_id, window_start, window_end");
  }

  /** The job's rows, unconverted: {@link #toJson} runs after the clock has stopped. */
  static void collect(
      StreamTableEnvironment tEnv,
      DataStream<KafkaRawRecord> raw,
      SchemaLookupFactory schemas,
      String job) {
    SqlJob.registerEvents(tEnv, raw, schemas);
    tEnv.toDataStream(tEnv.sqlQuery(query(job)))
        .sinkTo(new RowCollector<>())
        .uid("bench.sink")
        .name("collect rows");
  }

  /** One row as the generated rows print it: timestamps as epoch milliseconds. */
  static String toJson(Row row) {
    ObjectNode n = JSON.createObjectNode();
    for (String name : row.getFieldNames(true)) {
      Object value = row.getField(name);
      if (value == null) {
        n.putNull(name);
      } else if (value instanceof LocalDateTime) {
        n.put(name, SqlJob.epochMillis(value));
      } else if (value instanceof Long l) {
        n.put(name, l);
      } else if (value instanceof Double d) {
        n.put(name, d);
      } else {
        n.put(name, value.toString());
      }
    }
    return n.toString();
  }
}
