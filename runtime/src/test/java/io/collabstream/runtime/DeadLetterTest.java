package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
  static final byte[] KEY = "m-1".getBytes(StandardCharsets.UTF_8);
  static final byte[] VALUE = {0, 0, 0, 0, 9, (byte) 0xff, 1, 2};

  @Test
  void reasonCodesAreTheContract() {
    // Shared with the TypeScript evaluator and dead-letter consumers: changing this list is a
    // breaking change for them.
    assertThat(DeadLetterReason.values())
        .extracting(DeadLetterReason::code)
        .containsExactly(
            "not-confluent-framed",
            "unknown-schema-id",
            "malformed-avro",
            "incompatible-schema",
            "missing-field",
            "bad-enum",
            "null-key",
            "timestamp-out-of-bounds",
            "oversized-record",
            "oversized-field");
    assertThat(DeadLetterReason.fromCode("bad-enum")).isEqualTo(DeadLetterReason.BAD_ENUM);
    assertThat(DeadLetterReason.NOT_CONFLUENT_FRAMED.metricName())
        .isEqualTo("deadLetters_not_confluent_framed");
    assertThatThrownBy(() -> DeadLetterReason.fromCode("nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serializerWritesOriginalBytesAndHeaders() {
    KafkaRawRecord raw =
        new KafkaRawRecord("user_events", 3, 1234567890123L, 1700000000000L, KEY, VALUE);
    DeadLetter letter =
        DeadLetter.of(raw, DeadLetterReason.UNKNOWN_SCHEMA_ID, "schema id 9 – not registered");

    ProducerRecord<byte[], byte[]> out =
        new DeadLetterSerializationSchema("dead_letters", "job_a").serialize(letter, null, 42L);

    assertThat(out.topic()).isEqualTo("dead_letters");
    assertThat(out.key()).isEqualTo(KEY);
    assertThat(out.value()).isEqualTo(VALUE);
    assertThat(out.partition()).isNull();
    assertThat(out.timestamp()).as("fresh timestamp, set by the producer").isNull();
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : out.headers()) {
      headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
    }
    assertThat(headers)
        .containsExactly(
            Map.entry("collab.dlq.reason", "unknown-schema-id"),
            Map.entry("collab.dlq.detail", "schema id 9 – not registered"),
            Map.entry("collab.dlq.topic", "user_events"),
            Map.entry("collab.dlq.partition", "3"),
            Map.entry("collab.dlq.offset", "1234567890123"),
            Map.entry("collab.dlq.timestamp", "1700000000000"),
            Map.entry("collab.dlq.job", "job_a"));
  }

  @Test
  void nullKeyAndValueSurvive() {
    KafkaRawRecord raw = new KafkaRawRecord("chat_events", 0, 1, 2, null, null);
    ProducerRecord<byte[], byte[]> out =
        new DeadLetterSerializationSchema("dlq", "job_a")
            .serialize(DeadLetter.of(raw, DeadLetterReason.NOT_CONFLUENT_FRAMED, null), null, null);
    assertThat(out.key()).isNull();
    assertThat(out.value()).isNull();
    assertThat(
            new String(
                out.headers().lastHeader("collab.dlq.detail").value(), StandardCharsets.UTF_8))
        .isEmpty();
  }

  @Test
  void longDetailIsTruncated() {
    KafkaRawRecord raw = new KafkaRawRecord("t", 0, 1, 2, KEY, VALUE);
    ProducerRecord<byte[], byte[]> out =
        new DeadLetterSerializationSchema("dlq", "job_a")
            .serialize(
                DeadLetter.of(raw, DeadLetterReason.OVERSIZED_FIELD, "x".repeat(10_000)),
                null,
                null);
    String detail =
        new String(out.headers().lastHeader("collab.dlq.detail").value(), StandardCharsets.UTF_8);
    assertThat(detail).hasSize(DeadLetterSerializationSchema.MAX_DETAIL_CHARS).endsWith("…");
  }

  @Test
  void rawDeserializerCopiesEverythingAndNeverLooksInside() throws Exception {
    var record =
        new org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>(
            "user_events", 2, 77L, null, new byte[] {1});
    java.util.List<KafkaRawRecord> out = new java.util.ArrayList<>();
    new RawRecordDeserializationSchema()
        .deserialize(
            record,
            new org.apache.flink.util.Collector<>() {
              @Override
              public void collect(KafkaRawRecord r) {
                out.add(r);
              }

              @Override
              public void close() {}
            });
    assertThat(out)
        .containsExactly(
            new KafkaRawRecord("user_events", 2, 77L, record.timestamp(), null, new byte[] {1}));
  }
}
