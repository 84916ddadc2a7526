package io.collabstream.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;

/**
 * The Kafka source and exactly-once sinks of a generated job, configured one way everywhere.
 *
 * <p>Every builder takes the job's Kafka client properties ({@link
 * JobConfig#kafkaClientProperties()}: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, …)
 * as they are; the settings that exactly-once depends on ({@code isolation.level}, transactions)
 * are set after them, so a properties file cannot weaken them.
 */
public final class KafkaConnectors {
  /**
   * Below the broker's default {@code transaction.max.timeout.ms} of 15 minutes; Flink's own
   * default of 1 hour makes the producer fail at startup against a stock broker.
   */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

  private KafkaConnectors() {}

  /** Raw records (decoding happens downstream, in {@link DecodeAndValidate}); see sourceBuilder. */
  public static KafkaSource<KafkaRawRecord> rawSource(
      String bootstrap, List<String> topics, String groupId) {
    return rawSource(bootstrap, Map.of(), topics, groupId);
  }

  /** As {@link #rawSource(String, List, String)}, with the job's Kafka client properties. */
  public static KafkaSource<KafkaRawRecord> rawSource(
      String bootstrap, Map<String, String> client, List<String> topics, String groupId) {
    return sourceBuilder(
            bootstrap,
            client,
            topics,
            groupId,
            StartingOffsets.COMMITTED,
            new RawRecordDeserializationSchema())
        .build();
  }

  /**
   * Every source's settings: where it starts without restored state; only committed transactions.
   */
  private static <T> KafkaSourceBuilder<T> sourceBuilder(
      String bootstrap,
      Map<String, String> client,
      List<String> topics,
      String groupId,
      StartingOffsets startingOffsets,
      KafkaRecordDeserializationSchema<T> deserializer) {
    requireId("groupId", groupId);
    return KafkaSource.<T>builder()
        .setProperties(properties(client))
        .setBootstrapServers(bootstrap)
        .setTopics(topics)
        .setGroupId(groupId)
        .setStartingOffsets(startingOffsets.initializer())
        .setDeserializer(deserializer)
        .setProperty("isolation.level", "read_committed");
  }

  /**
   * One topic's records, decoded inside the source by the job's {@link RecordDecoder} so that the
   * source can keep watermarks per partition; otherwise as {@link #rawSource}.
   *
   * @param maxPartitionFetchBytes see {@link JobConfig#kafkaMaxPartitionFetchBytes()}
   */
  public static <E extends Decoded> KafkaSource<E> decodingSource(
      String bootstrap,
      Map<String, String> client,
      String topic,
      String groupId,
      StartingOffsets startingOffsets,
      int maxPartitionFetchBytes,
      RecordDecoder<E> decoder,
      Class<E> envelopeClass) {
    return sourceBuilder(
            bootstrap,
            client,
            List.of(topic),
            groupId,
            startingOffsets,
            new DecodingDeserializationSchema<>(decoder, envelopeClass))
        .setProperty("max.partition.fetch.bytes", Integer.toString(maxPartitionFetchBytes))
        .build();
  }

  /**
   * An exactly-once sink. The transactional-id prefix is derived only from {@code sinkId} (stable
   * across restarts and redeploys, so Flink can abort its own lingering transactions) and must be
   * unique per sink on the cluster.
   *
   * @param transactionTimeout must exceed the checkpoint interval (a transaction stays open from
   *     one checkpoint to the next) and stay within the broker's {@code transaction.max.timeout.ms}
   */
  public static <T> KafkaSink<T> exactlyOnceSink(
      String bootstrap,
      String sinkId,
      KafkaRecordSerializationSchema<T> serializer,
      Duration transactionTimeout,
      long checkpointIntervalMs) {
    return exactlyOnceSink(
        bootstrap, Map.of(), sinkId, serializer, transactionTimeout, checkpointIntervalMs);
  }

  /** As the other {@code exactlyOnceSink}, with the job's Kafka client properties. */
  public static <T> KafkaSink<T> exactlyOnceSink(
      String bootstrap,
      Map<String, String> client,
      String sinkId,
      KafkaRecordSerializationSchema<T> serializer,
      Duration transactionTimeout,
      long checkpointIntervalMs) {
    if (transactionTimeout.toMillis() <= checkpointIntervalMs) {
      throw new IllegalArgumentException(
          "Kafka transaction timeout "
              + transactionTimeout
              + " must exceed the checkpoint interval of "
              + checkpointIntervalMs
              + " ms, or every transaction times out before it commits");
    }
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(properties(client))
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix(sinkId))
        .setProperty("transaction.timeout.ms", Long.toString(transactionTimeout.toMillis()))
        .build();
  }

  /**
   * The dead-letter sink of a job: exactly-once like every other output, so replays do not
   * duplicate; its records name the job in {@link DeadLetterHeaders#JOB}.
   */
  public static KafkaSink<DeadLetter> deadLetterSink(
      String bootstrap,
      String jobId,
      String deadLetterTopic,
      Duration transactionTimeout,
      long checkpointIntervalMs) {
    return deadLetterSink(
        bootstrap, Map.of(), jobId, deadLetterTopic, transactionTimeout, checkpointIntervalMs);
  }

  /** As the other {@code deadLetterSink}, with the job's Kafka client properties. */
  public static KafkaSink<DeadLetter> deadLetterSink(
      String bootstrap,
      Map<String, String> client,
      String jobId,
      String deadLetterTopic,
      Duration transactionTimeout,
      long checkpointIntervalMs) {
    return exactlyOnceSink(
        bootstrap,
        client,
        jobId + ".dead_letters",
        new DeadLetterSerializationSchema(deadLetterTopic, jobId),
        transactionTimeout,
        checkpointIntervalMs);
  }

  private static Properties properties(Map<String, String> client) {
    Properties props = new Properties();
    props.putAll(client);
    return props;
  }

  /** {@code collab-<sinkId>}: readable in the broker's transaction list, and stable. */
  public static String transactionalIdPrefix(String sinkId) {
    requireId("sinkId", sinkId);
    return "collab-" + sinkId;
  }

  private static void requireId(String what, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must match [A-Za-z0-9._-]+ (it names Kafka state), got '" + value + "'");
    }
  }
}
