package io.collabstream.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a dead letter as the ORIGINAL key and value bytes plus {@link DeadLetterHeaders}, so a
 * consumer can replay it to the source topic unchanged.
 *
 * <p>The record gets the producer's current timestamp, not the source's: a dead letter from an old
 * backlog would otherwise fall straight out of time-based retention.
 */
public final class DeadLetterSerializationSchema
    implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;

  /** Bounds header size; the detail is for humans, the reason code is for machines. */
  static final int MAX_DETAIL_CHARS = 1000;

  private final String topic;
  private final String jobId;

  public DeadLetterSerializationSchema(String topic, String jobId) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("dead-letter topic must be set");
    }
    if (jobId == null || jobId.isBlank()) {
      throw new IllegalArgumentException("the job id of dead letters must be set");
    }
    this.topic = topic;
    this.jobId = jobId;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.REASON, utf8(letter.reason));
    headers.add(DeadLetterHeaders.DETAIL, utf8(truncate(letter.detail)));
    headers.add(DeadLetterHeaders.TOPIC, utf8(letter.sourceTopic));
    headers.add(DeadLetterHeaders.PARTITION, utf8(Integer.toString(letter.partition)));
    headers.add(DeadLetterHeaders.OFFSET, utf8(Long.toString(letter.offset)));
    headers.add(DeadLetterHeaders.TIMESTAMP, utf8(Long.toString(letter.timestamp)));
    headers.add(DeadLetterHeaders.JOB, utf8(jobId));
    return new ProducerRecord<>(topic, null, null, letter.key, letter.value, headers);
  }

  private static String truncate(String detail) {
    if (detail == null) {
      return "";
    }
    return detail.length() <= MAX_DETAIL_CHARS
        ? detail
        : detail.substring(0, MAX_DETAIL_CHARS - 1) + "…";
  }

  private static byte[] utf8(String s) {
    return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
  }
}
