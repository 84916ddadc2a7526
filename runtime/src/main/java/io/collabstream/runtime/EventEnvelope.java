package io.collabstream.runtime;

/**
 * One decoded record of any of a job's topics: a valid event or a dead letter. The generated
 * envelope of a job extends it with one field per topic, of that topic's event class (exactly one
 * is set for a valid event), so that Flink serializes it as a POJO without Kryo.
 */
public class EventEnvelope implements Decoded {
  public String topic;
  public int partition;

  /** Event time, epoch milliseconds UTC. */
  public long timestamp;

  public byte[] rawKey;
  public byte[] rawValue;

  /** Set when the record failed decoding or validation. */
  public DeadLetter deadLetter;

  public EventEnvelope() {}

  @Override
  public DeadLetter deadLetter() {
    return deadLetter;
  }

  @Override
  public long eventTimeMillis() {
    return timestamp;
  }
}
