package io.collabstream.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record that could not be used, with the original bytes and where they came from, so that
 * nothing is lost and it can be replayed after a fix. A Flink POJO (no Kryo).
 */
public class DeadLetter {
  /** {@link DeadLetterReason#code()}. */
  public String reason;

  public String detail;
  public String sourceTopic;
  public int partition;
  public long offset;

  /** The source record's Kafka timestamp (ms). */
  public long timestamp;

  public byte[] key;
  public byte[] value;

  public DeadLetter() {}

  public static DeadLetter of(KafkaRawRecord raw, DeadLetterReason reason, String detail) {
    DeadLetter d = new DeadLetter();
    d.reason = reason.code();
    d.detail = detail;
    d.sourceTopic = raw.topic;
    d.partition = raw.partition;
    d.offset = raw.offset;
    d.timestamp = raw.timestamp;
    d.key = raw.key;
    d.value = raw.value;
    return d;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DeadLetter)) {
      return false;
    }
    DeadLetter that = (DeadLetter) o;
    return partition == that.partition
        && offset == that.offset
        && timestamp == that.timestamp
        && Objects.equals(reason, that.reason)
        && Objects.equals(detail, that.detail)
        && Objects.equals(sourceTopic, that.sourceTopic)
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(reason, detail, sourceTopic, partition, offset, timestamp);
    h = 31 * h + Arrays.hashCode(key);
    return 31 * h + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return reason + " " + sourceTopic + "/" + partition + "@" + offset + ": " + detail;
  }
}
