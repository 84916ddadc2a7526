package io.collabstream.runtime;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Cumulating windows (Flink SQL's CUMULATE): within each max window {@code [S, S + max)}, the
 * windows {@code [S, S + k·step)}. Events are pre-aggregated into step-long panes before keyBy (the
 * {@link PanePreAggregator} of sliding windows, with the lateness of one-step windows: an event is
 * late once the window ending with its step has fired); here each pane is kept until its step
 * fires, then folded into the key's one accumulator of its max window, which gives the step's row.
 * So every event is aggregated once and every pane merged once, whatever max/step is, and the sums
 * are added pane by pane in time order from 0 (docs/SEMANTICS.md), as in the evaluator.
 *
 * <p>Once a key has a pane in a max window, every later step of that window fires a row (its events
 * so far), each step's timer registering the next; the accumulator is dropped at the max.
 */
public final class CumulatePanes<P extends PanePartial, A, R extends MetricRow>
    extends FlooredProcessFunction<P, R> {
  private static final long serialVersionUID = 1L;

  /** Max window start → the accumulator of its steps fired so far: in every savepoint. */
  public static final String CUMULATED_STATE = "cumulated";

  private final SlidingMetric<?, ?, P, A, R> metric;
  private final long step;
  private final long max;
  private transient MapState<Long, A> panes;
  private transient MapState<Long, A> cumulated;
  private transient Counter latePartials;

  public CumulatePanes(SlidingMetric<?, ?, P, A, R> metric) {
    super("panes.watermark-floor");
    if (!metric.spec().cumulating()) {
      throw new IllegalArgumentException(metric.spec().id() + " is not a cumulating metric");
    }
    this.metric = metric;
    this.step = metric.spec().slideMs();
    this.max = metric.spec().sizeMs();
  }

  @Override
  public void open(OpenContext openContext) {
    TypeInformation<A> accumulator = TypeInformation.of(metric.spec().accumulatorClass());
    panes =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(SlidingPanes.PANES_STATE, Types.LONG, accumulator));
    cumulated =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>(CUMULATED_STATE, Types.LONG, accumulator));
    latePartials = getRuntimeContext().getMetricGroup().counter("latePartials");
  }

  @Override
  public void processElement(P partial, Context ctx, Collector<R> out) throws Exception {
    long watermark = watermarkFloor.effective(ctx.timerService().currentWatermark());
    long pane = partial.pane;
    if (pane + step - 1 <= watermark) {
      // The pane's step has fired: only a watermark ahead of the pre-aggregation's own gets here
      // (parallelism > 1, an idle input resuming behind the others), as in SlidingPanes.
      latePartials.inc();
      return;
    }
    A acc = panes.get(pane);
    if (acc == null) {
      acc = metric.createAccumulator();
      ctx.timerService().registerEventTimeTimer(pane + step - 1);
    }
    metric.addPartial(acc, partial);
    panes.put(pane, acc);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<R> out) throws Exception {
    watermarkFloor.effective(ctx.timerService().currentWatermark());
    long end = timestamp + 1;
    long start = Math.floorDiv(timestamp, max) * max;
    A acc = cumulated.get(start);
    A pane = panes.get(end - step);
    if (acc == null && pane == null) {
      return; // defensive: every timer of this key's max window has a pane or its accumulator
    }
    if (acc == null) {
      acc = metric.createAccumulator();
    }
    if (pane != null) {
      metric.merge(acc, pane);
      panes.remove(end - step);
    }
    R row = metric.row(ctx.getCurrentKey(), start, end, acc, getRuntimeContext()::getMapState);
    if (end < start + max) {
      cumulated.put(start, acc);
      // Flink fires a timer registered at or below the current watermark in the same advance, in
      // time order, so a watermark that jumps several steps fires each of them.
      ctx.timerService().registerEventTimeTimer(end + step - 1);
    } else {
      cumulated.remove(start);
    }
    if (metric.keep(row)) {
      out.collect(row);
    }
  }
}
