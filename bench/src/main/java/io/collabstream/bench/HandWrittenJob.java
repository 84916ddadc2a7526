package io.collabstream.bench;

import io.collabstream.runtime.KafkaRawRecord;
import io.collabstream.runtime.SchemaLookupFactory;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The same metrics written by hand, the way a competent Flink user would without our compiler:
 * decode Avro, bounded-out-of-orderness watermarks, {@code keyBy(meeting_id)}, Flink's window
 * assigner ({@link TumblingEventTimeWindows} / {@link SlidingEventTimeWindows}) with an incremental
 * {@link AggregateFunction} and a {@link ProcessWindowFunction} that computes the derived measures
 * and keeps the presence gauge in per-key global state.
 */
public final class HandWrittenJob {
  static final long PRESENCE_TTL_MS = 4 * 3600_000L;

  private HandWrittenJob() {}

  /** A decoded event (POJO). */
  public static class Event {
    public String meetingId;
    public String userId;
    public String eventType;
    public long timestamp;
    public Double latencyMs;
    public Double packetLossPct;

    public Event() {}
  }

  /** Window accumulator (POJO; Flink 2 serializes its Set and Map fields without Kryo). */
  public static class Acc {
    public Set<String> users = new HashSet<>();

    /** Member → newest join/leave in the window as {@code timestamp * 2 + (leave ? 1 : 0)}. */
    public Map<String, Long> presence = new HashMap<>();

    public long joins;
    public long leaves;
    public long messages;
    public long reactions;
    public long videoStarts;
    public long screenShares;
    public double latencySum;
    public long latencyCount;

    /**
     * The window's network_lag latencies for p95_latency_ms, in its first {@code latencyCount}
     * slots (a growing primitive array: Flink serializes it without Kryo, and boxes nothing).
     */
    public double[] latencies = new double[0];

    public double lossSum;
    public long lossCount;

    public Acc() {}
  }

  static DataStream<BenchRow> build(
      DataStream<KafkaRawRecord> raw, SchemaLookupFactory schemas, boolean sliding) {
    WindowAssigner<Object, TimeWindow> windows =
        sliding
            ? SlidingEventTimeWindows.of(Duration.ofSeconds(60), Duration.ofSeconds(15))
            : TumblingEventTimeWindows.of(Duration.ofSeconds(30));
    double seconds = sliding ? 60 : 30;
    OutputTag<Event> late = new OutputTag<>("late", TypeInformation.of(Event.class));
    SingleOutputStreamOperator<BenchRow> rows =
        raw.flatMap(new Decode(schemas))
            .name("decode Avro")
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                    .withTimestampAssigner((e, t) -> e.timestamp)
                    .withIdleness(Duration.ofMinutes(1)))
            .keyBy(e -> e.meetingId, Types.STRING)
            .window(windows)
            .sideOutputLateData(late)
            .aggregate(new Aggregate(), new Fire(seconds))
            .name("window by meeting_id");
    rows.getSideOutput(late)
        .map(
            e -> {
              RowCollector.LATE.incrementAndGet();
              return e;
            })
        .returns(Event.class)
        .name("count late")
        .sinkTo(new DiscardingSink<>());
    return rows;
  }

  static final class Decode extends RichFlatMapFunction<KafkaRawRecord, Event> {
    private static final long serialVersionUID = 1L;
    private final SchemaLookupFactory schemas;
    private transient AvroEvents avro;
    private transient AvroEvents.Decoded decoded;

    Decode(SchemaLookupFactory schemas) {
      this.schemas = schemas;
    }

    @Override
    public void open(OpenContext openContext) {
      avro = new AvroEvents(schemas);
      decoded = new AvroEvents.Decoded();
    }

    @Override
    public void flatMap(KafkaRawRecord raw, Collector<Event> out) {
      if (!avro.decode(raw, decoded)) {
        RowCollector.DEAD_LETTERS.incrementAndGet();
        return;
      }
      Event e = new Event();
      e.meetingId = decoded.meetingId;
      e.userId = decoded.userId;
      e.eventType = decoded.eventType;
      e.timestamp = decoded.timestamp;
      e.latencyMs = decoded.latencyMs;
      e.packetLossPct = decoded.packetLossPct;
      out.collect(e);
    }
  }

  static final class Aggregate implements AggregateFunction<Event, Acc, Acc> {
    private static final long serialVersionUID = 1L;

    @Override
    public Acc createAccumulator() {
      return new Acc();
    }

    @Override
    public Acc add(Event e, Acc acc) {
      if (e.userId != null) {
        acc.users.add(e.userId);
      }
      switch (e.eventType) {
        case "join":
          acc.joins++;
          keepNewer(acc.presence, e.userId, e.timestamp * 2);
          break;
        case "leave":
          acc.leaves++;
          keepNewer(acc.presence, e.userId, e.timestamp * 2 + 1);
          break;
        case "message":
          acc.messages++;
          break;
        case "reaction":
        case "emoji":
          acc.reactions++;
          break;
        case "video_start":
          acc.videoStarts++;
          break;
        case "screen_share":
          acc.screenShares++;
          break;
        case "network_lag":
          if (e.latencyMs != null) {
            acc.latencySum += e.latencyMs;
            acc.latencies = append(acc.latencies, (int) acc.latencyCount, e.latencyMs);
            acc.latencyCount++;
          }
          if (e.packetLossPct != null) {
            acc.lossSum += e.packetLossPct;
            acc.lossCount++;
          }
          break;
        default:
          break;
      }
      return acc;
    }

    private static double[] append(double[] values, int size, double value) {
      double[] out = size < values.length ? values : Arrays.copyOf(values, Math.max(8, size * 2));
      out[size] = value;
      return out;
    }

    private static void keepNewer(Map<String, Long> marks, String member, long mark) {
      if (member == null) {
        return;
      }
      Long seen = marks.get(member);
      if (seen == null || mark > seen) {
        marks.put(member, mark);
      }
    }

    @Override
    public Acc getResult(Acc acc) {
      return acc;
    }

    @Override
    public Acc merge(Acc a, Acc b) {
      a.users.addAll(b.users);
      b.presence.forEach((member, mark) -> keepNewer(a.presence, member, mark));
      a.joins += b.joins;
      a.leaves += b.leaves;
      a.messages += b.messages;
      a.reactions += b.reactions;
      a.videoStarts += b.videoStarts;
      a.screenShares += b.screenShares;
      a.latencySum += b.latencySum;
      a.latencies = Arrays.copyOf(a.latencies, (int) (a.latencyCount + b.latencyCount));
      System.arraycopy(b.latencies, 0, a.latencies, (int) a.latencyCount, (int) b.latencyCount);
      a.latencyCount += b.latencyCount;
      a.lossSum += b.lossSum;
      a.lossCount += b.lossCount;
      return a;
    }
  }

  /**
   * The exact percentile of docs/SEMANTICS.md: the values sorted ({@code Arrays.sort} orders
   * doubles as {@code Double.compare} does), {@code rank = p × (n − 1)}, linearly interpolated
   * between the values at its floor and ceiling; null when there are none.
   */
  static Double percentile(double[] values, int n, double p) {
    if (n == 0) {
      return null;
    }
    double[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    double rank = p * (n - 1);
    int low = (int) Math.floor(rank);
    int high = (int) Math.ceil(rank);
    return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
  }

  /** Derived measures and the presence gauge (members whose newest mark is a join, 4 h TTL). */
  static final class Fire extends ProcessWindowFunction<Acc, BenchRow, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private static final MapStateDescriptor<String, Long> PRESENCE = presenceDescriptor();
    private final double seconds;

    Fire(double seconds) {
      this.seconds = seconds;
    }

    private static MapStateDescriptor<String, Long> presenceDescriptor() {
      MapStateDescriptor<String, Long> d =
          new MapStateDescriptor<>("presence", Types.STRING, Types.LONG);
      d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofHours(28)).build());
      return d;
    }

    @Override
    public void process(String key, Context ctx, Iterable<Acc> accs, Collector<BenchRow> out)
        throws Exception {
      Acc acc = accs.iterator().next();
      long end = ctx.window().getEnd();
      MapState<String, Long> presence = ctx.globalState().getMapState(PRESENCE);
      for (Map.Entry<String, Long> mark : acc.presence.entrySet()) {
        Long seen = presence.get(mark.getKey());
        if (seen == null || mark.getValue() > seen) {
          presence.put(mark.getKey(), mark.getValue());
        }
      }
      long present = 0;
      List<String> expired = new ArrayList<>();
      for (Map.Entry<String, Long> mark : presence.entries()) {
        if (end - Math.floorDiv(mark.getValue(), 2L) >= PRESENCE_TTL_MS) {
          expired.add(mark.getKey());
        } else if (Math.floorMod(mark.getValue(), 2L) == 0) {
          present++;
        }
      }
      for (String member : expired) {
        presence.remove(member);
      }

      BenchRow r = new BenchRow();
      r.meeting_id = key;
      r.window_start = ctx.window().getStart();
      r.window_end = end;
      r.active_users = acc.users.size();
      r.participants = present;
      r.joins = acc.joins;
      r.leaves = acc.leaves;
      r.message_count = acc.messages;
      r.reaction_count = acc.reactions;
      r.video_starts = acc.videoStarts;
      r.screen_shares = acc.screenShares;
      r.avg_latency_ms = acc.latencyCount == 0 ? null : acc.latencySum / acc.latencyCount;
      r.p95_latency_ms = percentile(acc.latencies, (int) acc.latencyCount, 0.95);
      r.avg_packet_loss_pct = acc.lossCount == 0 ? null : acc.lossSum / acc.lossCount;
      double n = Math.max(r.active_users, 1);
      r.message_rate = r.message_count / seconds;
      r.churn_rate = (r.joins + r.leaves) / n;
      r.engagement_score =
          100
              * (0.4 * Math.min(1, r.message_count / n / 2)
                  + 0.2 * Math.min(1, r.reaction_count / n / 2)
                  + 0.25 * Math.min(1, r.video_starts / n)
                  + 0.15 * Math.min(1, r.screen_shares));
      double latency = r.avg_latency_ms == null ? 0 : r.avg_latency_ms;
      double loss = r.avg_packet_loss_pct == null ? 0 : r.avg_packet_loss_pct;
      r.meeting_health =
          latency >= 300 || loss >= 5
              ? "critical"
              : latency >= 150 || loss >= 2 ? "degraded" : "healthy";
      r.date = LocalDate.ofEpochDay(Math.floorDiv(r.window_start, 86_400_000L)).toString();
      out.collect(r);
    }
  }
}
