package io.collabstream.runtime;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The Flink functions of a metric, each delegating to the generated {@link WindowedMetric}. */
final class MetricFunctions {
  private MetricFunctions() {}

  /** The per-event functions: an envelope of a topic the metric reads becomes one input. */
  static final class ToInput<E extends EventEnvelope, I extends MetricInput>
      implements FlatMapFunction<E, I>, ResultTypeQueryable<I> {
    private static final long serialVersionUID = 1L;
    private final WindowedMetric<E, I, ?, ?> metric;

    ToInput(WindowedMetric<E, I, ?, ?> metric) {
      this.metric = metric;
    }

    @Override
    public void flatMap(E envelope, Collector<I> out) {
      I input = metric.toInput(envelope);
      if (input != null) {
        out.collect(input);
      }
    }

    @Override
    public TypeInformation<I> getProducedType() {
      return TypeInformation.of(metric.spec().inputClass());
    }
  }

  /** A window's accumulator, built incrementally by Flink's window operator. */
  static final class Accumulate<I extends MetricInput, A> implements AggregateFunction<I, A, A> {
    private static final long serialVersionUID = 1L;
    private final WindowedMetric<?, I, A, ?> metric;

    Accumulate(WindowedMetric<?, I, A, ?> metric) {
      this.metric = metric;
    }

    @Override
    public A createAccumulator() {
      return metric.createAccumulator();
    }

    @Override
    public A add(I input, A accumulator) {
      metric.add(input, accumulator);
      return accumulator;
    }

    @Override
    public A getResult(A accumulator) {
      return accumulator;
    }

    @Override
    public A merge(A a, A b) {
      metric.merge(a, b);
      return a;
    }
  }

  /** A partial of one (key, pane), built before keyBy by {@link PanePreAggregator}. */
  static final class PreAggregate<I extends MetricInput, P extends PanePartial>
      implements AggregateFunction<I, P, P> {
    private static final long serialVersionUID = 1L;
    private final SlidingMetric<?, I, P, ?, ?> metric;

    PreAggregate(SlidingMetric<?, I, P, ?, ?> metric) {
      this.metric = metric;
    }

    @Override
    public P createAccumulator() {
      return metric.createPartial();
    }

    @Override
    public P add(I input, P partial) {
      metric.addToPartial(input, partial);
      return partial;
    }

    @Override
    public P getResult(P partial) {
      metric.finishPartial(partial);
      return partial;
    }

    @Override
    public P merge(P a, P b) {
      metric.mergePartials(a, b);
      return a;
    }
  }

  /** Fires a tumbling window: its row from the accumulator Flink's window operator built. */
  static final class FireWindow<A, R extends MetricRow>
      extends ProcessWindowFunction<A, R, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final WindowedMetric<?, ?, A, R> metric;

    FireWindow(WindowedMetric<?, ?, A, R> metric) {
      this.metric = metric;
    }

    @Override
    public void process(String key, Context context, Iterable<A> accumulators, Collector<R> out)
        throws Exception {
      TimeWindow window = context.window();
      R row =
          metric.row(
              key,
              window.getStart(),
              window.getEnd(),
              accumulators.iterator().next(),
              context.globalState()::getMapState);
      if (metric.keep(row)) out.collect(row);
    }
  }

  /** Names the partial by its key and pane once the pre-aggregation sends it. */
  static <P extends PanePartial> P keyed(String key, long pane, P partial) {
    partial.key = key;
    partial.pane = pane;
    return partial;
  }
}
