package io.collabstream.runtime;

import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Sends an event to the late output when every window it belongs to had fired before the job's last
 * restore; passes everything else on, unchanged, to the window operator that follows.
 *
 * <p>Flink's window operator decides lateness against its current watermark, which restarts at
 * {@code Long.MIN_VALUE} after a restore (see {@link WatermarkFloor}). This gate sits right before
 * the {@code keyBy}: the window operator's watermark is the minimum of the gates' watermarks, so
 * the gates' restored floor is the window operator's watermark at the checkpoint. Once watermarks
 * flow again the window operator's own check takes over; on a fresh start the gate passes all.
 *
 * @param <T> elements carrying their event time as the record timestamp
 */
public final class LateGate<T> extends AbstractStreamOperator<T>
    implements OneInputStreamOperator<T, T> {
  private static final long serialVersionUID = 1L;
  private final long sizeMs;
  private final long slideMs;
  private final OutputTag<T> lateTag;
  private final WatermarkFloor floor = new WatermarkFloor("late-gate.watermark-floor");

  /** Windows of {@code sizeMs} starting every {@code slideMs} (equal for tumbling windows). */
  public LateGate(long sizeMs, long slideMs, OutputTag<T> lateTag) {
    this.sizeMs = sizeMs;
    this.slideMs = slideMs;
    this.lateTag = lateTag;
  }

  /** End of the last epoch-aligned window that contains {@code timestamp}. */
  public static long lastWindowEnd(long timestamp, long sizeMs, long slideMs) {
    return Math.floorDiv(timestamp, slideMs) * slideMs + sizeMs;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    floor.initialize(context.getOperatorStateStore(), context.isRestored(), getMetricGroup());
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    floor.snapshot();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    floor.effective(mark.getTimestamp());
    super.processWatermark(mark);
  }

  @Override
  public void processElement(StreamRecord<T> element) throws Exception {
    if (lastWindowEnd(element.getTimestamp(), sizeMs, slideMs) - 1 <= floor.floor()) {
      output.collect(lateTag, element);
    } else {
      output.collect(element);
    }
  }
}
