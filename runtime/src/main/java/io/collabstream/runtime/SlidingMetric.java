package io.collabstream.runtime;

/**
 * A metric over sliding windows, computed from slide-long panes (see {@link SlidingPanes}): events
 * are pre-aggregated into partials per key and pane before keyBy, partials into pane accumulators.
 *
 * @param <P> the partial: what the pre-aggregation sends per (key, pane)
 */
public abstract class SlidingMetric<
        E extends EventEnvelope,
        I extends MetricInput,
        P extends PanePartial,
        A,
        R extends MetricRow>
    extends WindowedMetric<E, I, A, R> {
  private static final long serialVersionUID = 1L;

  /**
   * Events the pre-aggregation buffers at most before it sends every partial (bounds its heap). It
   * holds one or two panes of events between watermarks, so the bound cuts panes into more partials
   * only past ~25,000 events per pane and subtask.
   */
  public static final int PRE_AGGREGATE_MAX_EVENTS = 50_000;

  protected SlidingMetric(MetricSpec<I, A, R> spec) {
    super(spec);
  }

  public abstract Class<P> partialClass();

  public abstract P createPartial();

  public abstract void addToPartial(I input, P partial);

  /** Appends {@code from} to {@code into} (events of {@code from} arrived after those of into). */
  public abstract void mergePartials(P into, P from);

  /** Called once before the partial is sent: e.g. trims value arrays to their length. */
  public abstract void finishPartial(P partial);

  /**
   * Adds a partial to a pane: the same result as adding each of its events to it, in arrival order
   * (docs/SEMANTICS.md, summation order).
   */
  public abstract void addPartial(A accumulator, P partial);
}
