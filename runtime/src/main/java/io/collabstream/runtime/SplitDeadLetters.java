package io.collabstream.runtime;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Valid envelopes to the main output, dead letters to {@link DecodeAndValidate#DEAD_LETTERS}. */
public final class SplitDeadLetters<E extends Decoded> extends ProcessFunction<E, E> {
  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(E envelope, Context ctx, Collector<E> out) {
    DeadLetter letter = envelope.deadLetter();
    if (letter == null) {
      out.collect(envelope);
    } else {
      ctx.output(DecodeAndValidate.DEAD_LETTERS, letter);
    }
  }
}
