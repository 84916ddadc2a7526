package io.collabstream.runtime;

/**
 * Some events of one pane of a sliding metric for one key, aggregated before keyBy (see {@link
 * PanePreAggregator}); the generated partial class of a metric adds its per-measure fields.
 */
public class PanePartial {
  public String key;

  /** Start of the pane. */
  public long pane;

  public PanePartial() {}
}
