package io.collabstream.runtime;

/**
 * What a job's decoder makes of one Kafka record: a valid event, or a dead letter. Both travel in
 * the same stream from the Kafka source (where decoding happens, so that watermarks can be kept per
 * partition) to {@link SplitDeadLetters}.
 */
public interface Decoded {
  /** The dead letter when the record failed decoding or validation, else null. */
  DeadLetter deadLetter();

  /** Event time in epoch milliseconds (meaningless for a dead letter). */
  long eventTimeMillis();
}
