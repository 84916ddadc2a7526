package io.collabstream.runtime;

import java.io.Serializable;
import java.util.Map;

/** maxOutOfOrder per source, and the bounded-out-of-orderness watermark they give. */
final class SourceBounds implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, Long> maxOutOfOrderMillis;

  SourceBounds(Map<String, Long> maxOutOfOrderMillis) {
    this.maxOutOfOrderMillis = Map.copyOf(maxOutOfOrderMillis);
  }

  /** Fails for a source without a bound: a programming error in the job, not bad data. */
  String require(String source) {
    if (!maxOutOfOrderMillis.containsKey(source)) {
      throw new IllegalArgumentException(
          "no maxOutOfOrder for source '" + source + "'; known: " + maxOutOfOrderMillis.keySet());
    }
    return source;
  }

  /** Flink's bounded out-of-orderness: max event time − maxOutOfOrder − 1 ms, never overflowing. */
  long watermark(String source, long maxEventTime) {
    long b = maxOutOfOrderMillis.get(source) + 1;
    long r = maxEventTime - b;
    return ((maxEventTime ^ b) & (maxEventTime ^ r)) < 0 ? Long.MIN_VALUE : r;
  }
}
