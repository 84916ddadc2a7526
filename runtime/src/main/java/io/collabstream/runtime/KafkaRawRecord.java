package io.collabstream.runtime;

import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One Kafka record exactly as read, before any decoding.
 *
 * <p>The decoder ({@link RecordDecoder}) gets this, so that a failure becomes a dead letter with
 * full provenance instead of an exception that fails the source. A Flink POJO (public no-arg
 * constructor, public fields) so it is serialized without Kryo.
 */
public class KafkaRawRecord {
  public String topic;
  public int partition;
  public long offset;

  /** Kafka record timestamp (ms); not the event time, which lives inside the value. */
  public long timestamp;

  /** May be null: Kafka allows records without a key. */
  public byte[] key;

  /** May be null: a tombstone. */
  public byte[] value;

  public KafkaRawRecord() {}

  public KafkaRawRecord(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  public static KafkaRawRecord of(ConsumerRecord<byte[], byte[]> record) {
    return new KafkaRawRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        record.key(),
        record.value());
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof KafkaRawRecord)) {
      return false;
    }
    KafkaRawRecord that = (KafkaRawRecord) o;
    return partition == that.partition
        && offset == that.offset
        && timestamp == that.timestamp
        && Objects.equals(topic, that.topic)
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(topic, partition, offset, timestamp);
    h = 31 * h + Arrays.hashCode(key);
    return 31 * h + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
