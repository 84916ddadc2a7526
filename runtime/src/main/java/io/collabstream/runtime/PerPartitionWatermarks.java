package io.collabstream.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Production watermarks: bounded out-of-orderness per Kafka partition, the minimum over the
 * partitions that are not idle.
 *
 * <p>Each (topic, partition) keeps its own maximum event time; the watermark is the minimum over
 * the active partitions of (maximum − the topic's maxOutOfOrder − 1 ms), emitted periodically and
 * never decreasing. A partition is idle when it has produced nothing for {@code idleAfter} of
 * processing time; when every partition is idle the output is marked idle so that it does not hold
 * back the other subtasks' watermarks.
 *
 * <p>Why per partition rather than per topic: a consumer reading a backlog (after a restart, or
 * when it falls behind) takes partitions in batches, so one partition can run minutes of event time
 * ahead of another. A per-topic maximum would then turn the lagging partition's on-time events
 * late; the minimum over partitions keeps an event on time whenever its own partition respects the
 * bound, whatever the interleaving — the same guarantee Flink's per-split source watermarks give,
 * computed here because the event time is known only after decoding.
 */
public final class PerPartitionWatermarks<T> implements WatermarkGenerator<T> {
  private final SourceOf<T> sourceOf;
  private final PartitionOf<T> partitionOf;
  private final SourceBounds bounds;
  private final long idleAfterNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Map<Integer, PartitionClock>> partitions = new HashMap<>();
  private long current = Long.MIN_VALUE;
  private boolean idle;

  private static final class PartitionClock {
    long maxEventTime = Long.MIN_VALUE;
    long lastSeenNanos;
  }

  /**
   * @param idleAfterMillis 0 disables idleness (a silent partition then holds the watermark)
   * @param nanoClock processing time, {@code System::nanoTime} in production
   */
  public PerPartitionWatermarks(
      SourceOf<T> sourceOf,
      PartitionOf<T> partitionOf,
      Map<String, Long> maxOutOfOrderMillis,
      long idleAfterMillis,
      LongSupplier nanoClock) {
    this.sourceOf = sourceOf;
    this.partitionOf = partitionOf;
    this.bounds = new SourceBounds(maxOutOfOrderMillis);
    this.idleAfterNanos = idleAfterMillis * 1_000_000L;
    this.nanoClock = nanoClock;
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    PartitionClock clock =
        partitions
            .computeIfAbsent(bounds.require(sourceOf.sourceOf(event)), s -> new HashMap<>())
            .computeIfAbsent(partitionOf.partitionOf(event), p -> new PartitionClock());
    clock.maxEventTime = Math.max(clock.maxEventTime, eventTimestamp);
    clock.lastSeenNanos = nanoClock.getAsLong();
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = nanoClock.getAsLong();
    long candidate = Long.MAX_VALUE;
    boolean anyActive = false;
    for (Map.Entry<String, Map<Integer, PartitionClock>> topic : partitions.entrySet()) {
      for (PartitionClock clock : topic.getValue().values()) {
        if (idleAfterNanos > 0 && now - clock.lastSeenNanos >= idleAfterNanos) {
          continue;
        }
        anyActive = true;
        candidate = Math.min(candidate, bounds.watermark(topic.getKey(), clock.maxEventTime));
      }
    }
    if (!anyActive) {
      if (!partitions.isEmpty() && !idle) {
        idle = true;
        output.markIdle();
      }
      return;
    }
    if (idle) {
      idle = false;
      output.markActive();
    }
    if (candidate > current) {
      current = candidate;
      output.emitWatermark(new Watermark(current));
    }
  }
}
