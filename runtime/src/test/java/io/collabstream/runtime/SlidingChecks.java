package io.collabstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.OutputTag;

/**
 * The checks of a generated sliding metric: its pane operator gives Flink's sliding windows' rows
 * and late events, and its rows do not depend on how the pre-aggregation cuts panes into partials.
 */
public final class SlidingChecks {
  private static final Set<String> COMMON_FIELDS =
      Set.of("key", "timestamp", "topic", "partition", "rawKey", "rawValue");

  private SlidingChecks() {}

  public static <I extends MetricInput, P extends PanePartial, A, R extends MetricRow>
      void assertPanesEqualFlinkSlidingWindows(
          GeneratedJob<?> job, SlidingMetric<?, I, P, A, R> metric) throws Exception {
    // Small integers: sums are exact whatever the order, so Flink's per-event order compares.
    List<I> input = randomInputs(job, metric, 42, random -> (double) random.nextInt(100));
    MetricSpec<I, A, R> spec = metric.spec();
    StreamExecutionEnvironment env = GeneratedJobChecks.environment();
    DataStream<I> events = timed(env, job, input);
    TypeInformation<I> inputType = TypeInformation.of(spec.inputClass());
    OutputTag<I> panesLate = new OutputTag<>("panes-late", inputType);
    OutputTag<I> flinkLate = new OutputTag<>("flink-late", inputType);
    SingleOutputStreamOperator<P> partials =
        MetricStreams.preAggregate(events, metric, 5, panesLate);
    SingleOutputStreamOperator<R> panes = MetricStreams.panes(partials, metric);
    TypeInformation<A> accumulator = TypeInformation.of(spec.accumulatorClass());
    SingleOutputStreamOperator<R> flink =
        events
            .keyBy((I in) -> in.key, Types.STRING)
            .window(
                SlidingEventTimeWindows.of(
                    Duration.ofMillis(spec.sizeMs()), Duration.ofMillis(spec.slideMs())))
            .sideOutputLateData(flinkLate)
            .aggregate(
                new MetricFunctions.Accumulate<>(metric),
                new MetricFunctions.FireWindow<>(metric),
                accumulator,
                accumulator,
                TypeInformation.of(spec.rowClass()))
            .uid("test.flink");
    DataStream<String> all =
        panes
            .map(r -> "panes " + r.toJson())
            .uid("test.panes.rows")
            .union(flink.map(r -> "flink " + r.toJson()).uid("test.flink.rows"))
            .union(
                partials
                    .getSideOutput(panesLate)
                    .map(in -> "panes late " + in.key + "@" + in.timestamp)
                    .uid("test.panes.late"))
            .union(
                flink
                    .getSideOutput(flinkLate)
                    .map(in -> "flink late " + in.key + "@" + in.timestamp)
                    .uid("test.flink.late"));
    List<String> fromPanes = new ArrayList<>();
    List<String> fromFlink = new ArrayList<>();
    try (CloseableIterator<String> results = all.executeAndCollect()) {
      results.forEachRemaining(
          line -> (line.startsWith("panes ") ? fromPanes : fromFlink).add(line.substring(6)));
    }
    Collections.sort(fromPanes);
    Collections.sort(fromFlink);
    assertTrue(
        fromPanes.stream().anyMatch(line -> line.startsWith("late ")),
        "the input must contain late events");
    assertTrue(fromPanes.size() > 500, "too few rows to compare: " + fromPanes.size());
    assertEquals(fromFlink, fromPanes);
  }

  public static <I extends MetricInput, P extends PanePartial, R extends MetricRow>
      void assertRowsDoNotDependOnPartials(GeneratedJob<?> job, SlidingMetric<?, I, P, ?, R> metric)
          throws Exception {
    // Fractions of very different sizes: their sum depends on the order they are added in.
    List<I> input =
        randomInputs(
            job, metric, 7, random -> random.nextDouble() * Math.pow(10, random.nextInt(12)));
    List<String> oneEventPerPartial = paneRows(job, metric, input, 1);
    assertTrue(
        oneEventPerPartial.size() > 500, "too few rows to compare: " + oneEventPerPartial.size());
    assertEquals(oneEventPerPartial, paneRows(job, metric, input, 7));
    assertEquals(oneEventPerPartial, paneRows(job, metric, input, Integer.MAX_VALUE));
  }

  private static <I extends MetricInput, P extends PanePartial, R extends MetricRow>
      List<String> paneRows(
          GeneratedJob<?> job, SlidingMetric<?, I, P, ?, R> metric, List<I> input, int maxBuffered)
          throws Exception {
    StreamExecutionEnvironment env = GeneratedJobChecks.environment();
    OutputTag<I> late = new OutputTag<>("late", TypeInformation.of(metric.spec().inputClass()));
    SingleOutputStreamOperator<P> partials =
        MetricStreams.preAggregate(timed(env, job, input), metric, maxBuffered, late);
    DataStream<String> all =
        MetricStreams.panes(partials, metric)
            .map(MetricRow::toJson)
            .uid("test.rows")
            .union(
                partials
                    .getSideOutput(late)
                    .map(in -> "late " + in.key + "@" + in.timestamp)
                    .uid("test.late"));
    List<String> out = new ArrayList<>();
    try (CloseableIterator<String> results = all.executeAndCollect()) {
      results.forEachRemaining(out::add);
    }
    Collections.sort(out);
    return out;
  }

  /** Inputs timed as the job's sources bound their disorder, per topic. */
  private static <I extends MetricInput> DataStream<I> timed(
      StreamExecutionEnvironment env, GeneratedJob<?> job, List<I> input) {
    Map<String, Long> bounds = new java.util.HashMap<>();
    for (TopicWatermark watermark : job.watermarks()) {
      bounds.put(watermark.topic(), watermark.maxOutOfOrder().toMillis());
    }
    @SuppressWarnings("unchecked")
    Class<I> type = (Class<I>) input.get(0).getClass();
    return env.fromData(input, TypeInformation.of(type))
        .uid("test.input")
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<I>forGenerator(
                    context -> new PerSourceBoundedWatermarks<>((I in) -> in.topic, bounds))
                .withTimestampAssigner((in, recordTimestamp) -> in.timestamp))
        .uid("test.watermarks");
  }

  /**
   * Key number {@code k}: a composite key is the JSON array of its parts, which hold a comma and a
   * quote so that a key the row cannot split back fails the check.
   */
  private static String key(MetricSpec<?, ?, ?> spec, int k) {
    if (spec.keyColumns().size() == 1) {
      return "k" + k;
    }
    String[] parts = new String[spec.keyColumns().size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = "k" + k + ",\"" + i;
    }
    return CompositeKey.of(parts);
  }

  /** A value for a number field of an input. */
  private interface NumberSource {
    double next(Random random);
  }

  /**
   * 2,000 inputs over three keys, every contribution field random (a quarter of numbers null), with
   * up to two window sizes of disorder: some are late, some land in panes of fired windows.
   */
  private static <I extends MetricInput> List<I> randomInputs(
      GeneratedJob<?> job, SlidingMetric<?, I, ?, ?, ?> metric, long seed, NumberSource numbers)
      throws Exception {
    Random random = new Random(seed);
    List<String> topics = job.sources().stream().map(JobSource::topic).toList();
    MetricSpec<I, ?, ?> spec = metric.spec();
    long step = spec.slideMs() / 4;
    List<I> input = new ArrayList<>();
    long time = 1000 * spec.sizeMs();
    for (int i = 0; i < 2000; i++) {
      time += random.nextLong(step);
      I in = spec.inputClass().getDeclaredConstructor().newInstance();
      in.topic = topics.get(random.nextInt(topics.size()));
      in.key = key(spec, random.nextInt(3));
      in.timestamp = time - (random.nextInt(10) == 0 ? random.nextLong(2 * spec.sizeMs()) : 0);
      for (Field field : spec.inputClass().getFields()) {
        if (COMMON_FIELDS.contains(field.getName())) {
          continue;
        }
        if (field.getType() == boolean.class) {
          field.setBoolean(in, random.nextBoolean());
        } else if (field.getType() == Boolean.class) {
          field.set(in, random.nextInt(4) == 0 ? null : Boolean.valueOf(random.nextBoolean()));
        } else if (field.getType() == Double.class) {
          field.set(in, random.nextInt(4) == 0 ? null : Double.valueOf(numbers.next(random)));
        } else if (field.getType() == String.class) {
          field.set(in, random.nextInt(3) == 0 ? null : "u" + random.nextInt(5));
        }
      }
      input.add(in);
    }
    return input;
  }
}
