package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
  @Test
  void argumentBeatsEnvironmentBeatsDefault() {
    JobConfig both =
        JobConfig.of(Map.of("dlq.topic", "from-arg"), Map.of("COLLAB_DLQ_TOPIC", "from-env"));
    assertThat(both.deadLetterTopic()).isEqualTo("from-arg");
    JobConfig envOnly = JobConfig.of(Map.of(), Map.of("COLLAB_DLQ_TOPIC", "from-env"));
    assertThat(envOnly.deadLetterTopic()).isEqualTo("from-env");
    JobConfig neither = JobConfig.of(Map.of(), Map.of());
    assertThat(neither.deadLetterTopic()).isEqualTo(JobConfig.DEFAULT_DLQ_TOPIC);
  }

  @Test
  void parsesProgramArguments() {
    JobConfig c =
        new JobConfig(
            JobConfig.parseArgs(
                new String[] {
                  "--kafka.bootstrap=127.0.0.1:9092",
                  "--checkpoint.interval-ms",
                  "5000",
                  "--lake.path=s3://b/p?x=1",
                  "--dlq.topic"
                }),
            k -> null);
    assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(c.checkpointIntervalMs()).isEqualTo(5000);
    assertThat(c.lakePath()).isEqualTo("s3://b/p?x=1");
    assertThatThrownBy(c::deadLetterTopic).hasMessageContaining("--dlq.topic has no value");
  }

  @Test
  void envNamesFollowOneRule() {
    assertThat(JobConfig.envName(JobConfig.KAFKA_BOOTSTRAP)).isEqualTo("COLLAB_KAFKA_BOOTSTRAP");
    assertThat(JobConfig.envName(JobConfig.SCHEMA_REGISTRY_URL))
        .isEqualTo("COLLAB_SCHEMA_REGISTRY_URL");
    assertThat(JobConfig.envName(JobConfig.LAKE_PATH)).isEqualTo("COLLAB_LAKE_PATH");
    assertThat(JobConfig.envName(JobConfig.CHECKPOINT_INTERVAL_MS))
        .isEqualTo("COLLAB_CHECKPOINT_INTERVAL_MS");
    assertThat(JobConfig.envName(JobConfig.DLQ_TOPIC)).isEqualTo("COLLAB_DLQ_TOPIC");
  }

  @Test
  void missingRequiredSettingNamesBothWays() {
    assertThatThrownBy(() -> JobConfig.of(Map.of(), Map.of()).kafkaBootstrap())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.bootstrap")
        .hasMessageContaining("--kafka.bootstrap=")
        .hasMessageContaining("COLLAB_KAFKA_BOOTSTRAP");
  }

  @Test
  void invalidValuesSayWhereTheyCameFrom() {
    assertThatThrownBy(
            () ->
                JobConfig.of(Map.of(), Map.of("COLLAB_CHECKPOINT_INTERVAL_MS", "soon"))
                    .checkpointIntervalMs())
        .hasMessageContaining("environment variable COLLAB_CHECKPOINT_INTERVAL_MS")
        .hasMessageContaining("'soon'");
    assertThatThrownBy(
            () ->
                JobConfig.of(Map.of("checkpoint.interval-ms", "0"), Map.of())
                    .checkpointIntervalMs())
        .hasMessageContaining("argument --checkpoint.interval-ms");
  }

  @Test
  void startingOffsetsDefaultToCommittedAndNameWhatIsAccepted() {
    assertThat(JobConfig.of(Map.of(), Map.of()).startingOffsets().toString())
        .isEqualTo("committed");
    assertThat(
            JobConfig.of(Map.of("kafka.starting-offsets", "earliest"), Map.of())
                .startingOffsets()
                .toString())
        .isEqualTo("earliest");
    assertThat(
            JobConfig.of(Map.of(), Map.of("COLLAB_KAFKA_STARTING_OFFSETS", "2026-12-02T10:00:00Z"))
                .startingOffsets()
                .toString())
        .isEqualTo("2026-12-02T10:00:00Z");
    assertThatThrownBy(
            () ->
                JobConfig.of(Map.of("kafka.starting-offsets", "yesterday"), Map.of())
                    .startingOffsets())
        .hasMessageContaining("argument --kafka.starting-offsets")
        .hasMessageContaining("committed, earliest, latest or an ISO-8601 instant");
  }

  @Test
  void lakePathMustBeS3OrFile() {
    assertThat(JobConfig.of(Map.of(), Map.of("COLLAB_LAKE_PATH", "s3://lake/tables/")).lakePath())
        .isEqualTo("s3://lake/tables");
    assertThat(JobConfig.of(Map.of("lake.path", "file:///tmp/lake"), Map.of()).lakePath())
        .isEqualTo("file:///tmp/lake");
    assertThatThrownBy(() -> JobConfig.of(Map.of("lake.path", "/tmp/lake"), Map.of()).lakePath())
        .hasMessageContaining("s3://");
  }

  @Test
  void typedGettersWithDefaults() {
    JobConfig c =
        JobConfig.of(
            Map.of(
                "kafka.transaction-timeout",
                "5 min",
                "validation.not-before",
                "2020-01-01T00:00:00Z"),
            Map.of("COLLAB_VALIDATION_MAX_FIELD_CHARS", "100"));
    assertThat(c.kafkaTransactionTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(JobConfig.of(Map.of(), Map.of()).kafkaTransactionTimeout())
        .isEqualTo(Duration.ofMinutes(10));
    ValidationLimits limits = c.validationLimits();
    assertThat(limits.notBefore()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(limits.maxFieldChars()).isEqualTo(100);
    assertThat(limits.maxAheadOfNow()).isEqualTo(Duration.ofHours(1));
    assertThat(limits.maxRecordBytes()).isEqualTo(1 << 20);
    assertThatThrownBy(
            () ->
                JobConfig.of(Map.of("kafka.transaction-timeout", "forever"), Map.of())
                    .kafkaTransactionTimeout())
        .hasMessageContaining("duration");
  }

  @Test
  void flinkConfigurationFromPrefixedArgumentsAndS3Endpoint() {
    JobConfig c =
        JobConfig.of(
            Map.of("flink.state.backend.type", "rocksdb"),
            Map.of("COLLAB_S3_ENDPOINT", "http://127.0.0.1:8333"));
    Configuration conf = c.flinkConfiguration();
    assertThat(conf.toMap())
        .containsEntry("state.backend.type", "rocksdb")
        .containsEntry("s3.endpoint", "http://127.0.0.1:8333")
        .containsEntry("s3.path.style.access", "true");
  }

  @Test
  void registrySettingsFromConfig() {
    assertThat(
            JobConfig.of(Map.of(), Map.of("COLLAB_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/"))
                .schemaRegistry()
                .baseUrl())
        .isEqualTo("http://127.0.0.1:8081");
  }

  @Test
  void kafkaClientPropertiesFromTheFileThenArguments(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "security.protocol=SASL_SSL\n"
            + "sasl.mechanism=SCRAM-SHA-512\n"
            + "ssl.truststore.location=/stack/truststore.p12\n");
    JobConfig c =
        JobConfig.of(
            Map.of(
                "kafka.bootstrap", "127.0.0.1:9092",
                "kafka.group-id", "g",
                "kafka.sasl.mechanism", "SCRAM-SHA-256",
                "kafka.client.id", "x"),
            Map.of("COLLAB_KAFKA_PROPERTIES", file.toString()));
    assertThat(c.kafkaClientProperties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-256",
                "ssl.truststore.location", "/stack/truststore.p12",
                "client.id", "x"));
    assertThat(JobConfig.of(Map.of("kafka.bootstrap", "b"), Map.of()).kafkaClientProperties())
        .isEmpty();
    assertThatThrownBy(
            () ->
                JobConfig.of(Map.of("kafka.properties", dir.resolve("none").toString()), Map.of())
                    .kafkaClientProperties())
        .hasMessageContaining("argument --kafka.properties")
        .hasMessageContaining("cannot read");
  }
}
