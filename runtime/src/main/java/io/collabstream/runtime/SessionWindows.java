package io.collabstream.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per-key session windows, docs/SEMANTICS.md "Sessions": Flink's merging event-time sessions (an
 * event at t is the window [t, t + gap); open sessions it overlaps or touches merge into their
 * hull; an event is late when it joins no open session and its own window is behind the watermark),
 * with maxDuration cutting sessions. A process function rather than Flink's merging window
 * operator, so that the order accumulators merge in (which fixes a merged sum's last bit) is the
 * one the reference evaluator's {@code sessions.ts} follows: into the earliest touched session, the
 * others in order of start, then the event.
 */
public final class SessionWindows<I extends MetricInput, A, R extends MetricRow>
    extends FlooredProcessFunction<I, R> {
  private static final long serialVersionUID = 1L;

  /** Open sessions' accumulators and ends by start: names and classes are in every savepoint. */
  public static final String SESSIONS_STATE = "sessions";

  public static final String SESSION_ENDS_STATE = "session-ends";

  private final SessionMetric<?, I, A, R> metric;
  private final OutputTag<I> lateTag;
  private final long gap;
  private final long maxDuration;
  private transient MapState<Long, A> sessions;
  private transient MapState<Long, Long> ends;

  public SessionWindows(SessionMetric<?, I, A, R> metric, OutputTag<I> lateTag) {
    super("sessions.watermark-floor");
    this.metric = metric;
    this.lateTag = lateTag;
    this.gap = metric.gapMs();
    this.maxDuration = metric.maxDurationMs();
  }

  @Override
  public void open(OpenContext openContext) {
    sessions =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    SESSIONS_STATE,
                    Types.LONG,
                    TypeInformation.of(metric.spec().accumulatorClass())));
    ends =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>(SESSION_ENDS_STATE, Types.LONG, Types.LONG));
  }

  /** The key's open sessions as {start, end}, in order of end, then start. */
  private List<long[]> openSessions() throws Exception {
    List<long[]> all = new ArrayList<>();
    for (Map.Entry<Long, Long> e : ends.entries()) {
      all.add(new long[] {e.getKey(), e.getValue()});
    }
    all.sort(Comparator.<long[]>comparingLong(s -> s[1]).thenComparingLong(s -> s[0]));
    return all;
  }

  @Override
  public void processElement(I in, Context ctx, Collector<R> out) throws Exception {
    long watermark = watermarkFloor.effective(ctx.timerService().currentWatermark());
    long t = in.timestamp;
    long end = t + gap;
    List<long[]> open = openSessions();
    List<long[]> touched = new ArrayList<>();
    long hullStart = t;
    long hullEnd = end;
    for (long[] s : open) {
      // Flink's TimeWindow.intersects: touching windows merge too.
      if (s[0] <= end && s[1] >= t) {
        touched.add(s);
        hullStart = Math.min(hullStart, s[0]);
        hullEnd = Math.max(hullEnd, s[1]);
      }
    }
    touched.sort(Comparator.comparingLong(s -> s[0]));
    if (!touched.isEmpty() && (maxDuration == 0 || hullEnd - hullStart <= maxDuration)) {
      merge(ctx, in, open, touched, hullStart, hullEnd);
      return;
    }
    for (long[] s : touched) {
      if (s[0] <= t && t < s[1]) {
        // A hull past maxDuration does not form: the event joins the session that holds it.
        A acc = sessions.get(s[0]);
        metric.add(in, acc);
        sessions.put(s[0], acc);
        return;
      }
    }
    if (end - 1 <= watermark) {
      ctx.output(lateTag, in);
      return;
    }
    A acc = metric.createAccumulator();
    metric.add(in, acc);
    sessions.put(t, acc);
    ends.put(t, end);
    ctx.timerService().registerEventTimeTimer(end - 1);
  }

  /** The touched sessions become their hull, kept under its start; timers follow the new end. */
  private void merge(
      Context ctx, I in, List<long[]> open, List<long[]> touched, long hullStart, long hullEnd)
      throws Exception {
    long intoStart = touched.get(0)[0];
    A into = sessions.get(intoStart);
    for (int i = 1; i < touched.size(); i++) {
      long start = touched.get(i)[0];
      metric.merge(into, sessions.get(start));
      sessions.remove(start);
      ends.remove(start);
    }
    metric.add(in, into);
    if (hullStart != intoStart) {
      sessions.remove(intoStart);
      ends.remove(intoStart);
    }
    sessions.put(hullStart, into);
    ends.put(hullStart, hullEnd);
    Set<Long> stillTimed = new HashSet<>();
    stillTimed.add(hullEnd);
    for (long[] s : open) {
      if (!touched.contains(s)) {
        stillTimed.add(s[1]);
      }
    }
    for (long[] s : touched) {
      if (!stillTimed.contains(s[1])) {
        ctx.timerService().deleteEventTimeTimer(s[1] - 1);
      }
    }
    ctx.timerService().registerEventTimeTimer(hullEnd - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<R> out) throws Exception {
    watermarkFloor.effective(ctx.timerService().currentWatermark());
    for (long[] s : openSessions()) {
      if (s[1] - 1 > timestamp) {
        break;
      }
      A acc = sessions.get(s[0]);
      sessions.remove(s[0]);
      ends.remove(s[0]);
      R row = metric.row(ctx.getCurrentKey(), s[0], s[1], acc, getRuntimeContext()::getMapState);
      if (metric.keep(row)) {
        out.collect(row);
      }
    }
  }
}
