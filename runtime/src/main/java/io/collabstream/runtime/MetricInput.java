package io.collabstream.runtime;

/**
 * One event reduced to what a metric's windows need, computed before keyBy: the generated input
 * class of a metric adds its per-measure contributions.
 */
public class MetricInput {
  public String key;

  /** Event time, epoch milliseconds UTC. */
  public long timestamp;

  public String topic;

  /** Kafka partition of the source record: watermarks are kept per partition. */
  public int partition;

  /** The original Kafka record, kept only for a late side output (else null). */
  public byte[] rawKey;

  public byte[] rawValue;

  public MetricInput() {}

  /** Copies what every input carries from the envelope of its event. */
  public void from(EventEnvelope envelope, String key, boolean keepRecord) {
    this.key = key;
    this.timestamp = envelope.timestamp;
    this.topic = envelope.topic;
    this.partition = envelope.partition;
    if (keepRecord) {
      this.rawKey = envelope.rawKey;
      this.rawValue = envelope.rawValue;
    }
  }
}
