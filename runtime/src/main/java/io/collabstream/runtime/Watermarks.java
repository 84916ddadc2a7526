package io.collabstream.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** The two watermark strategies generated jobs use. */
public final class Watermarks {
  private Watermarks() {}

  /**
   * Production: Flink's bounded out-of-orderness per source split (watermark = max seen −
   * maxOutOfOrder − 1 ms), with idleness so that an idle partition does not stall every window.
   */
  public static <T> WatermarkStrategy<T> boundedOutOfOrderness(
      Duration maxOutOfOrder, Duration idleAfter, EventTimeExtractor<T> eventTime) {
    WatermarkStrategy<T> strategy =
        WatermarkStrategy.<T>forBoundedOutOfOrderness(maxOutOfOrder)
            .withTimestampAssigner(
                (element, recordTimestamp) -> eventTime.eventTimeMillis(element));
    return idleAfter == null || idleAfter.isZero() ? strategy : strategy.withIdleness(idleAfter);
  }

  /** Differential tests: {@link PerSourceBoundedWatermarks} over one merged, ordered source. */
  public static <T> WatermarkStrategy<T> perSource(
      SourceOf<T> sourceOf, Map<String, Duration> maxOutOfOrder, EventTimeExtractor<T> eventTime) {
    HashMap<String, Long> millis = new HashMap<>();
    maxOutOfOrder.forEach((source, bound) -> millis.put(source, bound.toMillis()));
    return WatermarkStrategy.<T>forGenerator(
            context -> new PerSourceBoundedWatermarks<>(sourceOf, millis))
        .withTimestampAssigner((element, recordTimestamp) -> eventTime.eventTimeMillis(element));
  }
}
