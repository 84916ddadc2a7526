package io.collabstream.runtime;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The watermark a source declares for its topic in the DSL. */
public record TopicWatermark(String topic, Duration maxOutOfOrder, Duration idleAfter)
    implements Serializable {

  /** maxOutOfOrder per topic. */
  public static Map<String, Duration> bounds(List<TopicWatermark> watermarks) {
    Map<String, Duration> bounds = new HashMap<>();
    for (TopicWatermark w : watermarks) {
      bounds.put(w.topic(), w.maxOutOfOrder());
    }
    return bounds;
  }

  /**
   * When one merged stream carries every topic, a partition is idle after the shortest idleAfter.
   */
  public static Duration shortestIdleAfter(List<TopicWatermark> watermarks) {
    return watermarks.stream()
        .map(TopicWatermark::idleAfter)
        .min(Duration::compareTo)
        .orElseThrow();
  }
}
