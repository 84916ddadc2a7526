package io.collabstream.runtime;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The operators of one metric over a job's valid events: per-event functions, keyed windows and the
 * late output, with the uids and names of {@link OperatorIds}.
 */
public final class MetricStreams {
  private MetricStreams() {}

  public static <E extends EventEnvelope, I extends MetricInput, R extends MetricRow>
      MetricOutput<I, R> define(DataStream<E> events, WindowedMetric<E, I, ?, R> metric) {
    MetricSpec<I, ?, R> spec = metric.spec();
    String id = spec.id();
    TypeInformation<I> inputType = TypeInformation.of(spec.inputClass());
    OutputTag<I> lateTag = new OutputTag<>("late." + id, inputType);
    SingleOutputStreamOperator<I> inputs =
        events
            .flatMap(new MetricFunctions.ToInput<>(metric))
            .uid(OperatorIds.inputUid(id))
            .name(OperatorIds.inputName(id));
    Windowed<I, R> windowed =
        metric instanceof SlidingMetric<E, I, ?, ?, R> sliding
            ? sliding(inputs, sliding, lateTag)
            : metric instanceof SessionMetric<E, I, ?, R> session
                ? sessions(inputs, session, lateTag)
                : tumbling(inputs, metric, lateTag);
    DataStream<I> late =
        windowed
            .late()
            .map(new LateCounter<>(id))
            .returns(inputType)
            .uid(OperatorIds.lateUid(id))
            .name(OperatorIds.lateName(spec));
    return new MetricOutput<>(metric, windowed.rows(), late);
  }

  /** A metric's rows, and its late events before they are counted. */
  private record Windowed<I, R>(DataStream<R> rows, DataStream<I> late) {}

  /** Flink's window operator, behind a gate for events that are late only after a restore. */
  private static <I extends MetricInput, A, R extends MetricRow> Windowed<I, R> tumbling(
      SingleOutputStreamOperator<I> inputs, WindowedMetric<?, I, A, R> metric, OutputTag<I> late) {
    MetricSpec<I, A, R> spec = metric.spec();
    long size = spec.sizeMs();
    SingleOutputStreamOperator<I> gated =
        inputs
            .transform(
                OperatorIds.lateGateName(spec.id()),
                inputs.getType(),
                new LateGate<>(size, size, late))
            .uid(OperatorIds.lateGateUid(spec.id()));
    TypeInformation<A> accumulator = TypeInformation.of(spec.accumulatorClass());
    SingleOutputStreamOperator<R> rows =
        gated
            .keyBy((I in) -> in.key, Types.STRING)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(size)))
            .sideOutputLateData(late)
            .aggregate(
                new MetricFunctions.Accumulate<>(metric),
                new MetricFunctions.FireWindow<>(metric),
                accumulator,
                accumulator,
                TypeInformation.of(spec.rowClass()))
            .uid(OperatorIds.windowUid(spec.id()))
            .name(OperatorIds.windowName(spec, false));
    return new Windowed<>(rows, gated.getSideOutput(late).union(rows.getSideOutput(late)));
  }

  /** Per-key sessions (see {@link SessionWindows}): lateness is decided there, after merging. */
  private static <I extends MetricInput, A, R extends MetricRow> Windowed<I, R> sessions(
      SingleOutputStreamOperator<I> inputs, SessionMetric<?, I, A, R> metric, OutputTag<I> late) {
    MetricSpec<I, A, R> spec = metric.spec();
    SingleOutputStreamOperator<R> rows =
        inputs
            .keyBy((I in) -> in.key, Types.STRING)
            .process(new SessionWindows<>(metric, late), TypeInformation.of(spec.rowClass()))
            .uid(OperatorIds.windowUid(spec.id()))
            .name(OperatorIds.sessionWindowName(spec, metric.gapMs(), metric.maxDurationMs()));
    return new Windowed<>(rows, rows.getSideOutput(late));
  }

  /**
   * Pre-aggregation into panes before keyBy, then the pane operator (see {@link SlidingPanes} and
   * {@link CumulatePanes}).
   */
  private static <I extends MetricInput, P extends PanePartial, A, R extends MetricRow>
      Windowed<I, R> sliding(
          SingleOutputStreamOperator<I> inputs,
          SlidingMetric<?, I, P, A, R> metric,
          OutputTag<I> late) {
    SingleOutputStreamOperator<P> partials =
        preAggregate(inputs, metric, SlidingMetric.PRE_AGGREGATE_MAX_EVENTS, late);
    return new Windowed<>(panes(partials, metric), partials.getSideOutput(late));
  }

  static <I extends MetricInput, P extends PanePartial> SingleOutputStreamOperator<P> preAggregate(
      DataStream<I> inputs,
      SlidingMetric<?, I, P, ?, ?> metric,
      int maxBuffered,
      OutputTag<I> late) {
    String id = metric.spec().id();
    return inputs
        .transform(
            OperatorIds.preAggregateName(id),
            TypeInformation.of(metric.partialClass()),
            SlidingPanes.preAggregator(metric, maxBuffered, late))
        .uid(OperatorIds.preAggregateUid(id));
  }

  static <P extends PanePartial, R extends MetricRow> SingleOutputStreamOperator<R> panes(
      DataStream<P> partials, SlidingMetric<?, ?, P, ?, R> metric) {
    MetricSpec<?, ?, R> spec = metric.spec();
    // A cumulating metric folds the same kind of panes, one step long, into its max windows.
    KeyedProcessFunction<String, P, R> windows =
        spec.cumulating() ? new CumulatePanes<>(metric) : new SlidingPanes<>(metric);
    return partials
        .keyBy((P partial) -> partial.key, Types.STRING)
        .process(windows, TypeInformation.of(spec.rowClass()))
        .uid(OperatorIds.windowUid(spec.id()))
        .name(OperatorIds.windowName(spec, true));
  }
}
