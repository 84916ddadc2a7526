package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.junit.jupiter.api.Test;

/** Configuration only: no broker is contacted while building sources and sinks. */
class KafkaConnectorsTest {
  static Object field(Object target, String name) throws ReflectiveOperationException {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(target);
  }

  @Test
  void exactlyOnceSinkWithTenMinuteTransactions() throws Exception {
    KafkaSink<DeadLetter> sink =
        KafkaConnectors.deadLetterSink(
            "127.0.0.1:9092",
            "meeting_metrics_30s",
            "dead_letters",
            KafkaConnectors.DEFAULT_TRANSACTION_TIMEOUT,
            60_000);
    Properties producer = (Properties) field(sink, "kafkaProducerConfig");
    assertThat(producer.getProperty("transaction.timeout.ms")).isEqualTo("600000");
    assertThat(field(sink, "transactionalIdPrefix"))
        .isEqualTo("collab-meeting_metrics_30s.dead_letters");
    assertThat(field(sink, "deliveryGuarantee")).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
  }

  @Test
  void transactionalIdPrefixIsStableAndValidated() {
    assertThat(KafkaConnectors.transactionalIdPrefix("meeting_metrics_30s"))
        .isEqualTo(KafkaConnectors.transactionalIdPrefix("meeting_metrics_30s"))
        .isEqualTo("collab-meeting_metrics_30s");
    assertThatThrownBy(() -> KafkaConnectors.transactionalIdPrefix("has space"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void transactionTimeoutMustExceedTheCheckpointInterval() {
    assertThatThrownBy(
            () ->
                KafkaConnectors.deadLetterSink(
                    "127.0.0.1:9092", "x", "dlq", Duration.ofMinutes(1), 60_000))
        .hasMessageContaining("checkpoint interval");
  }

  @Test
  @SuppressWarnings("deprecation")
  void rawSourceReadsCommittedFromCommittedOrEarliest() throws Exception {
    KafkaSource<KafkaRawRecord> source =
        KafkaConnectors.rawSource("127.0.0.1:9092", List.of("user_events"), "meeting_metrics_30s");
    Properties props = (Properties) field(source, "props");
    assertThat(props.getProperty("isolation.level")).isEqualTo("read_committed");
    assertThat(props.getProperty("group.id")).isEqualTo("meeting_metrics_30s");
    assertThat(props.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:9092");
    OffsetsInitializer start = (OffsetsInitializer) field(source, "startingOffsetsInitializer");
    assertThat(start.getAutoOffsetResetStrategy()).isEqualTo(OffsetResetStrategy.EARLIEST);
    assertThat(source.getProducedType()).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  @SuppressWarnings("deprecation")
  void clientPropertiesReachSourceAndSinkButCannotWeakenExactlyOnce() throws Exception {
    Map<String, String> client =
        Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "ssl.truststore.location", "/stack/truststore.p12",
            "isolation.level", "read_uncommitted",
            "transaction.timeout.ms", "1");
    KafkaSource<KafkaRawRecord> source =
        KafkaConnectors.rawSource("127.0.0.1:9092", client, List.of("user_events"), "g");
    Properties props = (Properties) field(source, "props");
    assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(props.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(props.getProperty("ssl.truststore.location")).isEqualTo("/stack/truststore.p12");
    assertThat(props.getProperty("isolation.level")).isEqualTo("read_committed");
    assertThat(props.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:9092");

    KafkaSink<DeadLetter> sink =
        KafkaConnectors.deadLetterSink(
            "127.0.0.1:9092",
            client,
            "meeting_metrics_30s",
            "dead_letters",
            KafkaConnectors.DEFAULT_TRANSACTION_TIMEOUT,
            60_000);
    Properties producer = (Properties) field(sink, "kafkaProducerConfig");
    assertThat(producer.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(producer.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(producer.getProperty("transaction.timeout.ms")).isEqualTo("600000");
    assertThat(producer.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:9092");
    assertThat(producer.getProperty("key.serializer")).isNotNull();
  }
}
