package io.collabstream.runtime;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * Local pre-aggregation before the {@code keyBy} of a sliding-window job (Flink SQL's local/global
 * aggregation, driven by watermarks): one partial accumulator per (key, pane) in a heap map, where
 * a pane is a slide-long slice of event time. The keyed pane operator after the {@code keyBy} then
 * reads and writes its state once per (key, pane, flush) instead of once per event.
 *
 * <p>Lateness is decided here, against this operator's watermark (and, after a restore, the
 * watermark of its last checkpoint: {@link WatermarkFloor}): an event is late when every window it
 * belongs to has fired, i.e. {@code pane + size − 1 ≤ watermark}; it goes, unchanged, to {@code
 * lateTag}. Every other event is added to its partial.
 *
 * <p>A partial is emitted (and dropped from the map):
 *
 * <ul>
 *   <li>before a watermark that lets a window containing its pane fire is forwarded: pane {@code p}
 *       before any watermark {@code ≥ p + slide − 1} (so the keyed operator never receives a
 *       partial for a pane whose windows have all fired: this operator has not forwarded that
 *       watermark yet, and the event was not late against the one before);
 *   <li>before a checkpoint barrier ({@link #prepareSnapshotPreBarrier}): nothing buffered is ever
 *       part of a checkpoint, so exactly-once needs no state beyond the floor;
 *   <li>when this operator's output turns idle (the keyed operator's watermark may then advance
 *       without it), and at the end of input;
 *   <li>when more than {@code maxBufferedEvents} events are buffered (all partials), so memory
 *       stays bounded.
 * </ul>
 *
 * <p>Partials leave in pane order and, for one (key, pane), in the order they were built, so the
 * keyed operator sees every (key, pane)'s events in arrival order, partial after partial.
 *
 * @param <K> key
 * @param <IN> input elements, with their event time as the record timestamp
 * @param <ACC> partial accumulator of one (key, pane)
 * @param <OUT> the record sent to the keyed pane operator: (key, pane, partial)
 */
public final class PanePreAggregator<K, IN, ACC, OUT> extends AbstractStreamOperator<OUT>
    implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  /** Builds the record sent downstream from a flushed partial. */
  @FunctionalInterface
  public interface PartialRecord<K, ACC, OUT> extends Serializable {
    OUT of(K key, long pane, ACC partial);
  }

  private final long sizeMs;
  private final long slideMs;
  private final int maxBufferedEvents;
  private final KeySelector<IN, K> keySelector;
  private final AggregateFunction<IN, ACC, ACC> aggregate;
  private final PartialRecord<K, ACC, OUT> partialRecord;
  private final OutputTag<IN> lateTag;
  private final WatermarkFloor floor;

  /** The partials of one pane and how many events they hold. */
  private static final class Pane<K, ACC> {
    final Map<K, ACC> partials = new HashMap<>();
    int events;
  }

  /** Pane start → its partials; panes in time order. */
  private transient TreeMap<Long, Pane<K, ACC>> buffer;

  private transient int bufferedEvents;
  private transient long watermark;

  /**
   * @param sizeMs window size, a multiple of {@code slideMs}
   * @param slideMs window slide: the pane length
   * @param maxBufferedEvents flush every partial once this many events are buffered
   * @param aggregate adds an event to a partial ({@code getResult} is applied before it is sent)
   * @param floorStateName the operator-state name of the watermark floor
   */
  public PanePreAggregator(
      long sizeMs,
      long slideMs,
      int maxBufferedEvents,
      KeySelector<IN, K> keySelector,
      AggregateFunction<IN, ACC, ACC> aggregate,
      PartialRecord<K, ACC, OUT> partialRecord,
      OutputTag<IN> lateTag,
      String floorStateName) {
    if (slideMs <= 0 || sizeMs <= 0 || sizeMs % slideMs != 0) {
      throw new IllegalArgumentException(
          "size must be a positive multiple of slide: " + sizeMs + " / " + slideMs);
    }
    if (maxBufferedEvents < 1) {
      throw new IllegalArgumentException(
          "maxBufferedEvents must be positive: " + maxBufferedEvents);
    }
    this.sizeMs = sizeMs;
    this.slideMs = slideMs;
    this.maxBufferedEvents = maxBufferedEvents;
    this.keySelector = keySelector;
    this.aggregate = aggregate;
    this.partialRecord = partialRecord;
    this.lateTag = lateTag;
    this.floor = new WatermarkFloor(floorStateName);
  }

  /** Start of the pane (slide-long, epoch-aligned) that contains {@code timestamp}. */
  public static long paneOf(long timestamp, long slideMs) {
    return Math.floorDiv(timestamp, slideMs) * slideMs;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    floor.initialize(context.getOperatorStateStore(), context.isRestored(), getMetricGroup());
  }

  @Override
  public void open() throws Exception {
    super.open();
    buffer = new TreeMap<>();
    bufferedEvents = 0;
    watermark = Long.MIN_VALUE;
  }

  @Override
  public void processElement(StreamRecord<IN> element) throws Exception {
    if (!element.hasTimestamp()) {
      throw new IllegalStateException("an event without event time reached " + getClass());
    }
    long pane = paneOf(element.getTimestamp(), slideMs);
    if (pane + sizeMs - 1 <= floor.effective(watermark)) {
      output.collect(lateTag, element); // every window of the event has fired
      return;
    }
    IN in = element.getValue();
    K key = keySelector.getKey(in);
    Pane<K, ACC> buffered = buffer.get(pane);
    if (buffered == null) {
      buffered = new Pane<>();
      buffer.put(pane, buffered);
    }
    ACC acc = buffered.partials.get(key);
    buffered.partials.put(
        key, aggregate.add(in, acc == null ? aggregate.createAccumulator() : acc));
    buffered.events++;
    if (++bufferedEvents >= maxBufferedEvents) {
      flush(buffer);
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    long timestamp = mark.getTimestamp();
    // Panes p with p + slide − 1 ≤ watermark: a window containing them fires on this watermark or
    // has fired already (their partials then hold events for the windows that have not).
    if (timestamp == Long.MAX_VALUE) {
      flush(buffer);
    } else if (timestamp > Long.MIN_VALUE + slideMs) {
      flush(buffer.headMap(timestamp - slideMs + 1, true));
    }
    watermark = Math.max(watermark, timestamp);
    floor.effective(watermark);
    super.processWatermark(mark);
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) throws Exception {
    if (status.isIdle()) {
      flush(buffer); // downstream watermarks may now advance without this subtask
    }
    super.processWatermarkStatus(status);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush(buffer);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    floor.snapshot();
  }

  @Override
  public void endInput() throws Exception {
    flush(buffer);
  }

  @Override
  public void finish() throws Exception {
    flush(buffer);
    super.finish();
  }

  /** Number of events in the partials not yet emitted (tests, metrics). */
  public int bufferedEvents() {
    return bufferedEvents;
  }

  /** Emits the given panes' partials, panes in time order, and removes them from the buffer. */
  private void flush(NavigableMap<Long, Pane<K, ACC>> panes) throws Exception {
    if (panes.isEmpty()) {
      return;
    }
    StreamRecord<OUT> record = new StreamRecord<>(null);
    Iterator<Map.Entry<Long, Pane<K, ACC>>> it = panes.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Pane<K, ACC>> entry = it.next();
      long pane = entry.getKey();
      for (Map.Entry<K, ACC> partial : entry.getValue().partials.entrySet()) {
        OUT out = partialRecord.of(partial.getKey(), pane, aggregate.getResult(partial.getValue()));
        // The pane's last millisecond: an event time inside the pane.
        output.collect(record.replace(out, pane + slideMs - 1));
      }
      bufferedEvents -= entry.getValue().events;
      it.remove();
    }
  }
}
