package io.collabstream.runtime;

/**
 * Kafka header names on dead-letter records (UTF-8 string values), modelled on Kafka Connect's
 * {@code __connect.errors.*}. A contract with dead-letter consumers and the TypeScript evaluator.
 */
public final class DeadLetterHeaders {
  public static final String REASON = "collab.dlq.reason";
  public static final String DETAIL = "collab.dlq.detail";
  public static final String TOPIC = "collab.dlq.topic";
  public static final String PARTITION = "collab.dlq.partition";
  public static final String OFFSET = "collab.dlq.offset";

  /** The job that dead-lettered the record: every job reading a topic sees its bad records. */
  public static final String JOB = "collab.dlq.job";

  /** The source record's Kafka timestamp in ms, since the dead letter gets a fresh one. */
  public static final String TIMESTAMP = "collab.dlq.timestamp";

  private DeadLetterHeaders() {}
}
