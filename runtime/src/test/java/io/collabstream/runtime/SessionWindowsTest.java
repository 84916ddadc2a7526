package io.collabstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * SessionWindows against Flink's own merging session windows (EventTimeSessionWindows, allowed
 * lateness zero) on a MiniCluster: the same sessions (bounds and events) and the same late events,
 * over random input with disorder past the watermark bound; and a maxDuration never exceeded.
 */
class SessionWindowsTest {
  private static final long GAP = 10_000;

  /** One event: its key and time (a POJO, as every exchanged type). */
  public static class In extends MetricInput {
    public In() {}
  }

  /** Events and the sum of their times (exact: small integers). */
  public static class Acc {
    public long n;
    public long sumOfTimes;

    public Acc() {}
  }

  public static class Row implements MetricRow {
    public String key;
    public long start;
    public long end;
    public long n;
    public long sumOfTimes;

    public Row() {}

    @Override
    public String key() {
      return key;
    }

    @Override
    public String toJson() {
      return key + " [" + start + ", " + end + ") n=" + n + " sum=" + sumOfTimes;
    }

    @Override
    public long windowEnd() {
      return end;
    }

    @Override
    public GenericRecord toAvro(Schema schema) {
      throw new UnsupportedOperationException();
    }
  }

  static final class Sessions extends SessionMetric<EventEnvelope, In, Acc, Row> {
    private static final long serialVersionUID = 1L;

    Sessions(long maxDurationMs) {
      super(MetricSpec.of("s", "key", In.class, Acc.class, Row.class), GAP, maxDurationMs);
    }

    @Override
    public In toInput(EventEnvelope envelope) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Acc createAccumulator() {
      return new Acc();
    }

    @Override
    public void add(In input, Acc acc) {
      acc.n++;
      acc.sumOfTimes += input.timestamp;
    }

    @Override
    public void merge(Acc into, Acc from) {
      into.n += from.n;
      into.sumOfTimes += from.sumOfTimes;
    }

    @Override
    public Row row(String key, long start, long end, Acc acc, PresenceLookup presence) {
      Row row = new Row();
      row.key = key;
      row.start = start;
      row.end = end;
      row.n = acc.n;
      row.sumOfTimes = acc.sumOfTimes;
      return row;
    }

    @Override
    public String avroSchema() {
      return "";
    }
  }

  /** Flink's window function: the merged window's bounds and accumulator. */
  static final class FlinkRow extends ProcessWindowFunction<Acc, Row, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final Sessions metric = new Sessions(0);

    @Override
    public void process(String key, Context context, Iterable<Acc> accs, Collector<Row> out) {
      Acc acc = accs.iterator().next();
      out.collect(
          metric.row(key, context.window().getStart(), context.window().getEnd(), acc, null));
    }
  }

  /** 3,000 events over four keys; a tenth arrive up to three gaps late, past the 5 s bound. */
  private static List<In> randomInputs(long seed) {
    Random random = new Random(seed);
    List<In> input = new ArrayList<>();
    long time = 1_000_000;
    for (int i = 0; i < 3000; i++) {
      time += random.nextInt(4_000);
      In in = new In();
      in.topic = "t";
      in.key = "k" + random.nextInt(4);
      in.timestamp = time - (random.nextInt(10) == 0 ? random.nextLong(3 * GAP) : 0);
      input.add(in);
    }
    return input;
  }

  private static DataStream<In> timed(StreamExecutionEnvironment env, List<In> input) {
    return env.fromData(input, TypeInformation.of(In.class))
        .uid("test.input")
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<In>forGenerator(
                    context ->
                        new PerSourceBoundedWatermarks<>((In in) -> in.topic, Map.of("t", 5_000L)))
                .withTimestampAssigner((in, recordTimestamp) -> in.timestamp))
        .uid("test.watermarks");
  }

  private static List<String> collect(DataStream<String> lines) throws Exception {
    List<String> out = new ArrayList<>();
    try (CloseableIterator<String> results = lines.executeAndCollect()) {
      results.forEachRemaining(out::add);
    }
    Collections.sort(out);
    return out;
  }

  @Test
  void sessionsEqualFlinkMergingSessionWindows() throws Exception {
    StreamExecutionEnvironment env = GeneratedJobChecks.environment();
    DataStream<In> events = timed(env, randomInputs(17));
    OutputTag<In> oursLate = new OutputTag<>("ours-late", TypeInformation.of(In.class));
    OutputTag<In> flinkLate = new OutputTag<>("flink-late", TypeInformation.of(In.class));
    SingleOutputStreamOperator<Row> ours =
        events
            .keyBy((In in) -> in.key, Types.STRING)
            .process(new SessionWindows<>(new Sessions(0), oursLate), TypeInformation.of(Row.class))
            .uid("test.ours");
    TypeInformation<Acc> acc = TypeInformation.of(Acc.class);
    SingleOutputStreamOperator<Row> flink =
        events
            .keyBy((In in) -> in.key, Types.STRING)
            .window(EventTimeSessionWindows.withGap(Duration.ofMillis(GAP)))
            .sideOutputLateData(flinkLate)
            .aggregate(
                new MetricFunctions.Accumulate<>(new Sessions(0)),
                new FlinkRow(),
                acc,
                acc,
                TypeInformation.of(Row.class))
            .uid("test.flink");
    List<String> all =
        collect(
            ours.map(r -> "ours " + r.toJson())
                .uid("test.ours.rows")
                .union(flink.map(r -> "flink " + r.toJson()).uid("test.flink.rows"))
                .union(
                    ours.getSideOutput(oursLate)
                        .map(in -> "ours late " + in.key + "@" + in.timestamp)
                        .uid("test.ours.late"))
                .union(
                    flink
                        .getSideOutput(flinkLate)
                        .map(in -> "flink late " + in.key + "@" + in.timestamp)
                        .uid("test.flink.late")));
    List<String> fromOurs = new ArrayList<>();
    List<String> fromFlink = new ArrayList<>();
    for (String line : all) {
      (line.startsWith("ours ") ? fromOurs : fromFlink).add(line.substring(line.indexOf(' ') + 1));
    }
    assertTrue(fromOurs.stream().anyMatch(l -> l.startsWith("late ")), "no late events");
    assertTrue(fromOurs.size() > 200, "too few sessions: " + fromOurs.size());
    assertEquals(fromFlink, fromOurs);
  }

  /** Each session as "span n", and "late" per late event. */
  private static List<String> spans(List<In> input, long maxDuration) throws Exception {
    StreamExecutionEnvironment env = GeneratedJobChecks.environment();
    OutputTag<In> late = new OutputTag<>("late", TypeInformation.of(In.class));
    SingleOutputStreamOperator<Row> rows =
        timed(env, input)
            .keyBy((In in) -> in.key, Types.STRING)
            .process(
                new SessionWindows<>(new Sessions(maxDuration), late),
                TypeInformation.of(Row.class))
            .uid("test.sessions");
    return collect(
        rows.map(r -> (r.end - r.start) + " " + r.n)
            .uid("test.rows")
            .union(rows.getSideOutput(late).map(in -> "late").uid("test.late")));
  }

  private static long span(String line) {
    return line.equals("late") ? 0 : Long.parseLong(line.split(" ")[0]);
  }

  @Test
  void maxDurationCutsSessionsAndKeepsEveryEvent() throws Exception {
    long maxDuration = 3 * GAP;
    List<In> input = randomInputs(23);
    List<String> uncut = spans(input, 0);
    assertTrue(uncut.stream().anyMatch(l -> span(l) > maxDuration), "no session to cut");
    List<String> cut = spans(input, maxDuration);
    long counted = 0;
    for (String line : cut) {
      assertTrue(span(line) <= maxDuration, "a session longer than maxDuration: " + line);
      counted += line.equals("late") ? 1 : Long.parseLong(line.split(" ")[1]);
    }
    assertEquals(input.size(), counted);
    assertTrue(cut.size() > uncut.size(), "cutting must give more sessions");
  }
}
