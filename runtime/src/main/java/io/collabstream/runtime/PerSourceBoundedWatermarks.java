package io.collabstream.runtime;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The reference evaluator's watermark, for differential tests that feed one deterministic merged
 * stream: after each event, the minimum over the sources that have produced at least one event of
 * (max event time seen on that source − that source's maxOutOfOrder − 1 ms).
 *
 * <p>It is emitted on every event and never goes back: when a source produces its first event with
 * an older time, the formula drops, but the watermark stays where it was (Flink ignores a falling
 * watermark anyway; the reference evaluator keeps the maximum too). Sources with no event yet do
 * not hold the watermark back, which is what idleness does for an idle partition in production.
 */
public final class PerSourceBoundedWatermarks<T> implements WatermarkGenerator<T> {
  private final SourceOf<T> sourceOf;
  private final SourceBounds bounds;
  private final Map<String, Long> maxSeen = new HashMap<>();
  private long current = Long.MIN_VALUE;

  public PerSourceBoundedWatermarks(SourceOf<T> sourceOf, Map<String, Long> maxOutOfOrderMillis) {
    this.sourceOf = sourceOf;
    this.bounds = new SourceBounds(maxOutOfOrderMillis);
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    maxSeen.merge(bounds.require(sourceOf.sourceOf(event)), eventTimestamp, Math::max);
    long candidate = Long.MAX_VALUE;
    for (Map.Entry<String, Long> e : maxSeen.entrySet()) {
      candidate = Math.min(candidate, bounds.watermark(e.getKey(), e.getValue()));
    }
    current = Math.max(current, candidate);
    output.emitWatermark(new Watermark(current));
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // Everything is emitted per event, so that the watermark sequence is deterministic.
  }
}
