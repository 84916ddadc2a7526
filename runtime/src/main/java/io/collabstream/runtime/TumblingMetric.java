package io.collabstream.runtime;

/** A metric over tumbling windows: Flink's window operator aggregates each window incrementally. */
public abstract class TumblingMetric<
        E extends EventEnvelope, I extends MetricInput, A, R extends MetricRow>
    extends WindowedMetric<E, I, A, R> {
  private static final long serialVersionUID = 1L;

  protected TumblingMetric(MetricSpec<I, A, R> spec) {
    super(spec);
  }
}
