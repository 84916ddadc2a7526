package io.collabstream.runtime;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Valid envelopes to the main output, dead letters to {@link DecodeAndValidate#DEAD_LETTERS}; the
 * first operator after the job's Kafka sources.
 *
 * <p>It also makes a draining stop fire every window when the sources are idle. A source that has
 * been idle ({@code idleAfter}) when the job is stopped with {@code --drain} emits its end-of-time
 * watermark while its output is marked idle, and Flink's record writer drops watermarks of idle
 * outputs: every open window would stay unfired and its rows lost. So when its input ends by a
 * drain (the only time {@link #endInput()} is called), this operator marks its output active and
 * emits the end-of-time watermark itself. A stop without drain never calls it.
 */
public final class SplitDeadLetters<E extends Decoded> extends AbstractStreamOperator<E>
    implements OneInputStreamOperator<E, E>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(StreamRecord<E> element) {
    DeadLetter letter = element.getValue().deadLetter();
    if (letter == null) {
      output.collect(element);
    } else {
      // A new record, not element.replace: with object reuse the input may be another operator's
      // too.
      StreamRecord<DeadLetter> out =
          element.hasTimestamp()
              ? new StreamRecord<>(letter, element.getTimestamp())
              : new StreamRecord<>(letter);
      output.collect(DecodeAndValidate.DEAD_LETTERS, out);
    }
  }

  @Override
  public void endInput() {
    output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
    output.emitWatermark(Watermark.MAX_WATERMARK);
  }
}
