package io.collabstream.runtime;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sliding windows computed from slide-long panes: each event is aggregated once, into a partial of
 * its pane before keyBy (the pre-aggregation also decides lateness), and each partial once into its
 * pane here; a window is the merge of its panes when the watermark reaches its end − 1. Same rows
 * as Flink's SlidingEventTimeWindows (an event is late when every window it belongs to has fired),
 * size/slide times less aggregation work, and state reads and writes per partial instead of per
 * event.
 */
public final class SlidingPanes<P extends PanePartial, A, R extends MetricRow>
    extends FlooredProcessFunction<P, R> {
  private static final long serialVersionUID = 1L;

  /** The pane accumulators' state: its name and value class are part of every savepoint. */
  public static final String PANES_STATE = "panes";

  private final SlidingMetric<?, ?, P, A, R> metric;
  private final long size;
  private final long slide;
  private transient MapState<Long, A> panes;
  private transient Counter latePartials;

  public SlidingPanes(SlidingMetric<?, ?, P, A, R> metric) {
    super("panes.watermark-floor");
    this.metric = metric;
    this.size = metric.spec().sizeMs();
    this.slide = metric.spec().slideMs();
  }

  /** The operator before the keyBy: lateness, and partials per (key, pane). */
  public static <I extends MetricInput, P extends PanePartial>
      PanePreAggregator<String, I, P, P> preAggregator(
          SlidingMetric<?, I, P, ?, ?> metric, int maxBufferedEvents, OutputTag<I> lateTag) {
    // A cumulating window's event is late once the window ending with its step has fired, whatever
    // later steps of its max window are open (Flink SQL's slicing): lateness of one-pane windows.
    return new PanePreAggregator<>(
        metric.spec().cumulating() ? metric.spec().slideMs() : metric.spec().sizeMs(),
        metric.spec().slideMs(),
        maxBufferedEvents,
        (I in) -> in.key,
        new MetricFunctions.PreAggregate<>(metric),
        MetricFunctions::keyed,
        lateTag,
        "pre-aggregate.watermark-floor");
  }

  @Override
  public void open(OpenContext openContext) {
    panes =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    PANES_STATE, Types.LONG, TypeInformation.of(metric.spec().accumulatorClass())));
    latePartials = getRuntimeContext().getMetricGroup().counter("latePartials");
  }

  @Override
  public void processElement(P partial, Context ctx, Collector<R> out) throws Exception {
    long watermark = watermarkFloor.effective(ctx.timerService().currentWatermark());
    long pane = partial.pane;
    if (pane + size - 1 <= watermark) {
      // Every window of the pane has fired. The pre-aggregation found its events on time and sends
      // a pane before the watermark that fires the pane's windows, so only a watermark ahead of its
      // own gets here (parallelism > 1, an idle input resuming behind the others): dropped,
      // counted.
      latePartials.inc();
      return;
    }
    A acc = panes.get(pane);
    if (acc == null) {
      acc = metric.createAccumulator();
      // The windows that contain this pane and have not fired yet.
      for (long end = pane + slide; end <= pane + size; end += slide) {
        if (end - 1 > watermark) {
          ctx.timerService().registerEventTimeTimer(end - 1);
        }
      }
    }
    metric.addPartial(acc, partial);
    panes.put(pane, acc);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<R> out) throws Exception {
    watermarkFloor.effective(ctx.timerService().currentWatermark());
    long end = timestamp + 1;
    long start = end - size;
    A window = metric.createAccumulator();
    boolean any = false;
    // The panes in time order (SEMANTICS.md adds sums pane by pane), by point lookups. Merging into
    // a fresh accumulator: a pane may be the state backend's own object.
    for (long pane = start; pane < end; pane += slide) {
      A acc = panes.get(pane);
      if (acc != null) {
        metric.merge(window, acc);
        any = true;
      }
    }
    // No later window contains the first pane; every pane's last window has a timer, so none is
    // left behind.
    panes.remove(start);
    if (any) {
      R row = metric.row(ctx.getCurrentKey(), start, end, window, getRuntimeContext()::getMapState);
      if (metric.keep(row)) out.collect(row);
    }
  }
}
