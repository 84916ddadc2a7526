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
  private final Map<String, Long> maxOutOfOrderMillis;
  private final Map<String, Long> maxSeen = new HashMap<>();
  private long current = Long.MIN_VALUE;

  public PerSourceBoundedWatermarks(SourceOf<T> sourceOf, Map<String, Long> maxOutOfOrderMillis) {
    this.sourceOf = sourceOf;
    this.maxOutOfOrderMillis = Map.copyOf(maxOutOfOrderMillis);
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    String source = sourceOf.sourceOf(event);
    if (!maxOutOfOrderMillis.containsKey(source)) {
      throw new IllegalArgumentException(
          "no maxOutOfOrder for source '" + source + "'; known: " + maxOutOfOrderMillis.keySet());
    }
    maxSeen.merge(source, eventTimestamp, Math::max);
    long candidate = Long.MAX_VALUE;
    for (Map.Entry<String, Long> e : maxSeen.entrySet()) {
      long bound = maxOutOfOrderMillis.get(e.getKey());
      candidate = Math.min(candidate, saturatingSubtract(e.getValue(), bound + 1));
    }
    current = Math.max(current, candidate);
    output.emitWatermark(new Watermark(current));
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // Everything is emitted per event, so that the watermark sequence is deterministic.
  }

  private static long saturatingSubtract(long a, long b) {
    long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
  }
}
