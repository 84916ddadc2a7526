package io.collabstream.runtime;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The counters of a decoder: {@code eventsAccepted} and one {@code deadLetters_<reason>} per
 * reason, registered up front so that dashboards see zeros rather than missing series.
 */
public final class DecodeCounters {
  private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
  private final Counter accepted;

  public DecodeCounters(MetricGroup metrics) {
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLetters.put(reason, metrics.counter(reason.metricName()));
    }
    accepted = metrics.counter("eventsAccepted");
  }

  public void accepted() {
    accepted.inc();
  }

  public void deadLettered(DeadLetterReason reason) {
    deadLetters.get(reason).inc();
  }
}
