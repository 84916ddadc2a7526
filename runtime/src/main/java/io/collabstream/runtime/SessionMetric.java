package io.collabstream.runtime;

/**
 * A metric over per-key session windows (see {@link SessionWindows}): the generated add and merge
 * of a tumbling metric, with the session's gap and maxDuration.
 */
public abstract class SessionMetric<
        E extends EventEnvelope, I extends MetricInput, A, R extends MetricRow>
    extends WindowedMetric<E, I, A, R> {
  private static final long serialVersionUID = 1L;
  private final long gapMs;
  private final long maxDurationMs;

  /**
   * @param maxDurationMs 0: sessions are never cut
   */
  protected SessionMetric(MetricSpec<I, A, R> spec, long gapMs, long maxDurationMs) {
    super(spec);
    this.gapMs = gapMs;
    this.maxDurationMs = maxDurationMs;
  }

  public final long gapMs() {
    return gapMs;
  }

  /** 0 when sessions are never cut. */
  public final long maxDurationMs() {
    return maxDurationMs;
  }
}
