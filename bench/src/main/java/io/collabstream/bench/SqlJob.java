package io.collabstream.bench;

import io.collabstream.runtime.KafkaRawRecord;
import io.collabstream.runtime.SchemaLookupFactory;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * The same metrics in Flink SQL: window table functions ({@code TUMBLE} / {@code HOP}) grouped by
 * {@code window_start, window_end, meeting_id}; {@code p95_latency_ms} is Flink's own {@code
 * PERCENTILE(latency_ms, 0.95) FILTER (WHERE …)} (Flink 2.0+, the same interpolation as
 * docs/SEMANTICS.md, written {@code (high - pos) * a + (pos - low) * b}: equal within 1e-9). The
 * events table is what a Kafka table with the {@code avro-confluent} format would give (decoded by
 * the same code as the hand-written job, since the benchmark reads no Kafka), with {@code WATERMARK
 * FOR rowtime AS rowtime - INTERVAL '5' SECOND}.
 *
 * <p>Not expressible: {@code participants}, the presence gauge (members whose newest join/leave
 * before the window's end, within 4 h, is a join: state carried across windows). Window TVF
 * aggregates see only their window's rows; the column is left null and not compared.
 */
public final class SqlJob {
  static final RowTypeInfo EVENTS =
      new RowTypeInfo(
          new org.apache.flink.api.common.typeinfo.TypeInformation<?>[] {
            Types.STRING, Types.STRING, Types.STRING, Types.LONG, Types.DOUBLE, Types.DOUBLE
          },
          new String[] {
            "meeting_id", "user_id", "event_type", "ts", "latency_ms", "packet_loss_pct"
          });

  private SqlJob() {}

  static String query(boolean sliding) {
    String window =
        sliding
            ? "HOP(TABLE events, DESCRIPTOR(rowtime), INTERVAL '15' SECOND, INTERVAL '60' SECOND)"
            : "TUMBLE(TABLE events, DESCRIPTOR(rowtime), INTERVAL '30' SECOND)";
    String seconds = sliding ? "60E0" : "30E0";
    return String.join(
        "\n",
        "SELECT meeting_id, window_start, window_end, active_users, joins, leaves, message_count,",
        "  reaction_count, video_starts, screen_shares, avg_latency_ms, p95_latency_ms,",
        "  avg_packet_loss_pct,",
        "  message_count / " + seconds + " AS message_rate,",
        "  (joins + leaves) / n AS churn_rate,",
        "  100E0 * (0.4E0 * LEAST(1E0, message_count / n / 2E0)",
        "    + 0.2E0 * LEAST(1E0, reaction_count / n / 2E0)",
        "    + 0.25E0 * LEAST(1E0, video_starts / n)",
        "    + 0.15E0 * LEAST(1E0, CAST(screen_shares AS DOUBLE))) AS engagement_score,",
        "  CASE",
        "    WHEN COALESCE(avg_latency_ms, 0E0) >= 300E0",
        "      OR COALESCE(avg_packet_loss_pct, 0E0) >= 5E0 THEN 'critical'",
        "    WHEN COALESCE(avg_latency_ms, 0E0) >= 150E0",
        "      OR COALESCE(avg_packet_loss_pct, 0E0) >= 2E0 THEN 'degraded'",
        "    ELSE 'healthy' END AS meeting_health,",
        "  DATE_FORMAT(window_start, 'yyyy-MM-dd') AS `date`",
        "FROM (SELECT *, CAST(GREATEST(active_users, 1) AS DOUBLE) AS n FROM (",
        "  SELECT meeting_id, window_start, window_end,",
        "    COUNT(DISTINCT user_id) AS active_users,",
        "    COUNT(*) FILTER (WHERE event_type = 'join') AS joins,",
        "    COUNT(*) FILTER (WHERE event_type = 'leave') AS leaves,",
        "    COUNT(*) FILTER (WHERE event_type = 'message') AS message_count,",
        "    COUNT(*) FILTER (WHERE event_type IN ('reaction', 'emoji')) AS reaction_count,",
        "    COUNT(*) FILTER (WHERE event_type = 'video_start') AS video_starts,",
        "    COUNT(*) FILTER (WHERE event_type = 'screen_share') AS screen_shares,",
        "    AVG(latency_ms) FILTER (WHERE event_type = 'network_lag') AS avg_latency_ms,",
        "    PERCENTILE(latency_ms, 0.95) FILTER (WHERE event_type = 'network_lag')",
        "      AS p95_latency_ms,",
        "    AVG(packet_loss_pct) FILTER (WHERE event_type = 'network_lag') AS avg_packet_loss_pct",
        "  FROM TABLE(" + window + ")",
        "  GROUP BY window_start, window_end, meeting_id",
        "))");
  }

  static DataStream<BenchRow> build(
      StreamTableEnvironment tEnv,
      DataStream<KafkaRawRecord> raw,
      SchemaLookupFactory schemas,
      boolean sliding) {
    registerEvents(tEnv, raw, schemas);
    Table result = tEnv.sqlQuery(query(sliding));
    return tEnv.toDataStream(result).map(SqlJob::toBenchRow).returns(BenchRow.class).name("rows");
  }

  /**
   * The view {@code events(meeting_id, user_id, event_type, ts, latency_ms, packet_loss_pct,
   * rowtime)} every SQL contender queries (this part's and {@link FeatureSql}'s), in UTC.
   */
  static void registerEvents(
      StreamTableEnvironment tEnv, DataStream<KafkaRawRecord> raw, SchemaLookupFactory schemas) {
    tEnv.getConfig().set("table.local-time-zone", "UTC");
    DataStream<Row> events =
        raw.flatMap(new DecodeToRow(schemas)).returns(EVENTS).name("decode Avro");
    Table table =
        tEnv.fromDataStream(
            events,
            Schema.newBuilder()
                .columnByExpression("rowtime", "TO_TIMESTAMP_LTZ(ts, 3)")
                .watermark("rowtime", "rowtime - INTERVAL '5' SECOND")
                .build());
    tEnv.createTemporaryView("events", table);
  }

  static BenchRow toBenchRow(Row row) {
    BenchRow r = new BenchRow();
    r.meeting_id = (String) row.getField("meeting_id");
    r.window_start = epochMillis(row.getField("window_start"));
    r.window_end = epochMillis(row.getField("window_end"));
    r.active_users = (Long) row.getField("active_users");
    r.participants = null;
    r.joins = (Long) row.getField("joins");
    r.leaves = (Long) row.getField("leaves");
    r.message_count = (Long) row.getField("message_count");
    r.reaction_count = (Long) row.getField("reaction_count");
    r.video_starts = (Long) row.getField("video_starts");
    r.screen_shares = (Long) row.getField("screen_shares");
    r.avg_latency_ms = (Double) row.getField("avg_latency_ms");
    r.p95_latency_ms = (Double) row.getField("p95_latency_ms");
    r.avg_packet_loss_pct = (Double) row.getField("avg_packet_loss_pct");
    r.message_rate = (Double) row.getField("message_rate");
    r.churn_rate = (Double) row.getField("churn_rate");
    r.engagement_score = (Double) row.getField("engagement_score");
    r.meeting_health = (String) row.getField("meeting_health");
    r.date = (String) row.getField("date");
    return r;
  }

  static long epochMillis(Object timestamp) {
    return ((LocalDateTime) timestamp).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  static final class DecodeToRow extends RichFlatMapFunction<KafkaRawRecord, Row> {
    private static final long serialVersionUID = 1L;
    private final SchemaLookupFactory schemas;
    private transient AvroEvents avro;
    private transient AvroEvents.Decoded decoded;

    DecodeToRow(SchemaLookupFactory schemas) {
      this.schemas = schemas;
    }

    @Override
    public void open(OpenContext openContext) {
      avro = new AvroEvents(schemas);
      decoded = new AvroEvents.Decoded();
    }

    @Override
    public void flatMap(KafkaRawRecord raw, Collector<Row> out) {
      if (!avro.decode(raw, decoded)) {
        RowCollector.DEAD_LETTERS.incrementAndGet();
        return;
      }
      out.collect(
          Row.of(
              decoded.meetingId,
              decoded.userId,
              decoded.eventType,
              decoded.timestamp,
              decoded.latencyMs,
              decoded.packetLossPct));
    }
  }
}
