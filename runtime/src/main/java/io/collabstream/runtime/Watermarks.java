package io.collabstream.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermark strategies of generated jobs, over decoded envelopes: dead letters carry no event
 * time, so they never move a watermark (one bad clock cannot turn every later event late).
 */
public final class Watermarks {
  private Watermarks() {}

  /**
   * Production, on each decoding Kafka source: Flink's bounded out-of-orderness per partition
   * (split), combined by the source as the minimum over its partitions, with idleness so that a
   * silent partition does not stall every window. Split outputs exist from the moment a partition
   * is assigned, so a partition that has not delivered yet holds the watermark back — after a
   * restart too, when the consumer reads some partitions' backlog before others'.
   */
  public static <E extends Decoded> WatermarkStrategy<E> kafkaSource(
      Duration maxOutOfOrder, Duration idleAfter) {
    WatermarkStrategy<E> strategy =
        forDecoded(context -> new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrder));
    if (idleAfter != null && !idleAfter.isZero()) {
      strategy = strategy.withIdleness(idleAfter);
    }
    // Alignment last (it wraps the others): a job's sources are separate tasks, each reading its
    // own backlog at its own pace after a restart; a source or partition more than MAX_DRIFT of
    // event time ahead of the slowest is paused, so the watermark (the minimum) never trails the
    // events being processed by more than that, and an event late by more is always counted late.
    return strategy.withWatermarkAlignment(ALIGNMENT_GROUP, MAX_DRIFT, ALIGNMENT_UPDATE_INTERVAL);
  }

  /**
   * How often the sources' watermarks are compared and the allowed maximum announced. Until Flink
   * 2.3 (FLINK-37399) a source that reaches the maximum announced last waits for the next
   * announcement, so the interval caps how fast a backlog is read: with Flink's default of 1 s the
   * decode-only benchmark job read one day of backlog at 15.5 K events/s, with 100 ms at 104 K
   * (bench/README.md). The drift bound, and with it what counts as late, does not change.
   */
  public static final Duration ALIGNMENT_UPDATE_INTERVAL = Duration.ofMillis(100);

  /** All Kafka sources of a job align with each other (groups are per job). */
  public static final String ALIGNMENT_GROUP = "kafka-sources";

  public static final Duration MAX_DRIFT = Duration.ofSeconds(30);

  /**
   * One merged stream of several topics' partitions (benchmarks over a pre-recorded input): {@link
   * PerPartitionWatermarks}, the same minimum over partitions computed after the merge.
   */
  public static <E extends Decoded> WatermarkStrategy<E> perPartition(
      SourceOf<E> sourceOf,
      PartitionOf<E> partitionOf,
      Map<String, Duration> maxOutOfOrder,
      Duration idleAfter) {
    Map<String, Long> millis = toMillis(maxOutOfOrder);
    long idleMillis = idleAfter.toMillis();
    // The input activity clock stands still under backpressure: a partition the job is too busy to
    // read is not idle.
    return forDecoded(
        context ->
            new PerPartitionWatermarks<>(
                sourceOf,
                partitionOf,
                millis,
                idleMillis,
                context.getInputActivityClock()::relativeTimeNanos));
  }

  /** Differential tests: {@link PerSourceBoundedWatermarks} over one merged, ordered source. */
  public static <E extends Decoded> WatermarkStrategy<E> perSource(
      SourceOf<E> sourceOf, Map<String, Duration> maxOutOfOrder) {
    Map<String, Long> millis = toMillis(maxOutOfOrder);
    return forDecoded(context -> new PerSourceBoundedWatermarks<>(sourceOf, millis));
  }

  private static HashMap<String, Long> toMillis(Map<String, Duration> bounds) {
    HashMap<String, Long> millis = new HashMap<>();
    bounds.forEach((source, bound) -> millis.put(source, bound.toMillis()));
    return millis;
  }

  private static <E extends Decoded> WatermarkStrategy<E> forDecoded(
      WatermarkGeneratorSupplier<E> events) {
    return WatermarkStrategy.<E>forGenerator(
            context -> new IgnoringDeadLetters<>(events.createWatermarkGenerator(context)))
        .withTimestampAssigner(
            (envelope, recordTimestamp) ->
                envelope.deadLetter() == null ? envelope.eventTimeMillis() : recordTimestamp);
  }

  private static final class IgnoringDeadLetters<E extends Decoded>
      implements WatermarkGenerator<E> {
    private final WatermarkGenerator<E> events;

    IgnoringDeadLetters(WatermarkGenerator<E> events) {
      this.events = events;
    }

    @Override
    public void onEvent(E envelope, long eventTimestamp, WatermarkOutput output) {
      if (envelope.deadLetter() == null) {
        events.onEvent(envelope, eventTimestamp, output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      events.onPeriodicEmit(output);
    }
  }
}
