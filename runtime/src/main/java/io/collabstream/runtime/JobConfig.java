package io.collabstream.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * Job settings: a program argument {@code --key=value} wins, then the environment variable {@code
 * COLLAB_<KEY>} (key upper-cased, '.' and '-' as '_'), then the caller's default. Errors name both
 * ways to set the value.
 *
 * <p>Holds no secrets and should be given none: registry credentials come from {@link
 * SchemaRegistryClient#USERNAME_ENV}, S3 credentials from the Flink cluster's configuration or the
 * standard AWS environment variables, both read where they are used.
 */
public final class JobConfig {
  public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
  public static final String KAFKA_GROUP_ID = "kafka.group-id";
  public static final String KAFKA_TRANSACTION_TIMEOUT = "kafka.transaction-timeout";
  public static final String KAFKA_MAX_PARTITION_FETCH_BYTES = "kafka.max-partition-fetch-bytes";
  public static final String KAFKA_STARTING_OFFSETS = "kafka.starting-offsets";

  /**
   * A Kafka client properties file (Java properties: {@code security.protocol}, {@code sasl.*},
   * {@code ssl.*}, …) given to the source and every sink; env {@code COLLAB_KAFKA_PROPERTIES}.
   */
  public static final String KAFKA_PROPERTIES = "kafka.properties";

  /** The {@code kafka.*} keys that are settings of ours, not Kafka client properties. */
  private static final Set<String> OWN_KAFKA_KEYS =
      Set.of(
          "kafka.bootstrap",
          "kafka.group-id",
          "kafka.transaction-timeout",
          "kafka.max-partition-fetch-bytes",
          "kafka.starting-offsets",
          KAFKA_PROPERTIES);

  private static final String KAFKA_PREFIX = "kafka.";
  public static final String SCHEMA_REGISTRY_URL = "schema-registry.url";
  public static final String LAKE_PATH = "lake.path";
  public static final String CHECKPOINT_INTERVAL_MS = "checkpoint.interval-ms";
  public static final String DLQ_TOPIC = "dlq.topic";
  public static final String S3_ENDPOINT = "s3.endpoint";
  public static final String VALIDATION_NOT_BEFORE = "validation.not-before";
  public static final String VALIDATION_MAX_AHEAD = "validation.max-ahead-of-now";
  public static final String VALIDATION_MAX_FIELD_CHARS = "validation.max-field-chars";
  public static final String VALIDATION_MAX_RECORD_BYTES = "validation.max-record-bytes";

  public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 60_000;
  public static final String DEFAULT_DLQ_TOPIC = "dead_letters";

  /** Arguments starting with this go into the Flink configuration, without the prefix. */
  public static final String FLINK_PREFIX = "flink.";

  private static final String NO_VALUE = "__NO_VALUE_KEY";

  private final ParameterTool args;
  private final Function<String, String> env;

  public JobConfig(ParameterTool args, Function<String, String> env) {
    this.args = Objects.requireNonNull(args, "args");
    this.env = Objects.requireNonNull(env, "env");
  }

  /** From {@code main(String[] args)} and this process's environment. */
  public static JobConfig fromArgs(String[] args) {
    return new JobConfig(parseArgs(args), System::getenv);
  }

  /**
   * Flink's {@link ParameterTool#fromArgs} only knows {@code --key value}; this also accepts {@code
   * --key=value} (split at the first '=', so values may contain '=').
   */
  public static ParameterTool parseArgs(String[] args) {
    List<String> split = new ArrayList<>(args.length * 2);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (arg.startsWith("-") && eq > 0) {
        split.add(arg.substring(0, eq));
        split.add(arg.substring(eq + 1));
      } else {
        split.add(arg);
      }
    }
    return ParameterTool.fromArgs(split.toArray(new String[0]));
  }

  public static JobConfig of(Map<String, String> args, Map<String, String> env) {
    return new JobConfig(ParameterTool.fromMap(args), env::get);
  }

  /** The environment variable consulted for a key: {@code lake.path} → {@code COLLAB_LAKE_PATH}. */
  public static String envName(String key) {
    return "COLLAB_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static final class Value {
    final String text;
    final String origin;

    Value(String text, String origin) {
      this.text = text;
      this.origin = origin;
    }
  }

  private Value lookup(String key) {
    if (args.has(key)) {
      String value = args.get(key);
      // ParameterTool's marker for "--key" with nothing after it.
      if (value == null || NO_VALUE.equals(value)) {
        throw new IllegalArgumentException("argument --" + key + " has no value");
      }
      return new Value(value, "argument --" + key);
    }
    String fromEnv = env.apply(envName(key));
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return new Value(fromEnv, "environment variable " + envName(key));
    }
    return null;
  }

  /** The program arguments as given ({@code --key=value} split), without the environment. */
  public Map<String, String> arguments() {
    return args.toMap();
  }

  public boolean has(String key) {
    return lookup(key) != null;
  }

  /** A required setting. */
  public String getString(String key) {
    Value v = lookup(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "missing setting "
              + key
              + ": pass --"
              + key
              + "=… or set the environment variable "
              + envName(key));
    }
    return v.text;
  }

  public String getString(String key, String defaultValue) {
    Value v = lookup(key);
    return v == null ? defaultValue : v.text;
  }

  public long getLong(String key, long defaultValue) {
    Value v = lookup(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.text.trim());
    } catch (NumberFormatException e) {
      throw invalid(key, v, "an integer");
    }
  }

  public int getInt(String key, int defaultValue) {
    long value = getLong(key, defaultValue);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw invalid(key, lookup(key), "an int");
    }
    return (int) value;
  }

  /** Durations as Flink writes them: {@code 10 min}, {@code 500ms}, {@code 1h}. */
  public Duration getDuration(String key, Duration defaultValue) {
    Value v = lookup(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return TimeUtils.parseDuration(v.text);
    } catch (IllegalArgumentException e) {
      throw invalid(key, v, "a duration such as '10 min' or '500ms'");
    }
  }

  public Instant getInstant(String key, Instant defaultValue) {
    Value v = lookup(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Instant.parse(v.text.trim());
    } catch (DateTimeParseException e) {
      throw invalid(key, v, "an ISO-8601 instant such as 2000-01-01T00:00:00Z");
    }
  }

  /**
   * Where the sources start when no restored state says where they were: {@code committed} (the
   * consumer group's committed offsets, else the earliest; the default), {@code earliest}, {@code
   * latest}, or an ISO-8601 instant (the first record at or after it). A restore from a savepoint
   * or checkpoint always continues from the offsets in its state.
   */
  public StartingOffsets startingOffsets() {
    Value v = lookup(KAFKA_STARTING_OFFSETS);
    if (v == null) {
      return StartingOffsets.COMMITTED;
    }
    String text = v.text.trim();
    switch (text) {
      case "committed":
        return StartingOffsets.COMMITTED;
      case "earliest":
        return StartingOffsets.EARLIEST;
      case "latest":
        return StartingOffsets.LATEST;
      default:
        try {
          return StartingOffsets.at(Instant.parse(text));
        } catch (DateTimeParseException e) {
          throw invalid(
              KAFKA_STARTING_OFFSETS,
              v,
              "committed, earliest, latest or an ISO-8601 instant such as 2026-12-02T10:00:00Z");
        }
    }
  }

  private static IllegalArgumentException invalid(String key, Value v, String expected) {
    return new IllegalArgumentException(
        "setting "
            + key
            + " (from "
            + v.origin
            + ") must be "
            + expected
            + ", got '"
            + v.text
            + "'");
  }

  public String kafkaBootstrap() {
    return getString(KAFKA_BOOTSTRAP);
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  /** Where the lake's tables live: {@code s3://bucket/prefix} or {@code file:///path}. */
  public String lakePath() {
    String path = getString(LAKE_PATH);
    if (!path.startsWith("s3://") && !path.startsWith("file://")) {
      throw invalid(LAKE_PATH, lookup(LAKE_PATH), "an s3://… or file://… URI");
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  public long checkpointIntervalMs() {
    long ms = getLong(CHECKPOINT_INTERVAL_MS, DEFAULT_CHECKPOINT_INTERVAL_MS);
    if (ms <= 0) {
      throw invalid(CHECKPOINT_INTERVAL_MS, lookup(CHECKPOINT_INTERVAL_MS), "positive");
    }
    return ms;
  }

  public String deadLetterTopic() {
    return getString(DLQ_TOPIC, DEFAULT_DLQ_TOPIC);
  }

  /**
   * The consumer's {@code max.partition.fetch.bytes}, 64 KiB by default (Kafka's is 1 MiB). A
   * consumer hands out one partition's fetched records before the next partition's, so while it
   * reads a backlog one partition runs ahead of the others by up to this many bytes; the watermark,
   * the minimum over partitions, then trails the leading partition by that much event time and
   * accepts its events that are late by less. Smaller fetches keep partitions interleaved.
   */
  public int kafkaMaxPartitionFetchBytes() {
    int bytes = getInt(KAFKA_MAX_PARTITION_FETCH_BYTES, 64 * 1024);
    if (bytes < 1024) {
      throw invalid(
          KAFKA_MAX_PARTITION_FETCH_BYTES, lookup(KAFKA_MAX_PARTITION_FETCH_BYTES), "≥ 1024");
    }
    return bytes;
  }

  /**
   * The Kafka client properties of the job's source and sinks: the file {@link #KAFKA_PROPERTIES}
   * (argument or environment), then every argument {@code --kafka.<client property>=…} that is not
   * one of our own {@code kafka.*} settings (e.g. {@code --kafka.security.protocol=SASL_SSL}),
   * which wins over the file. Secrets belong in the file: arguments are visible in Flink's UI
   * (though {@link DeployedVersion} does not publish secret-looking ones).
   */
  public Map<String, String> kafkaClientProperties() {
    Map<String, String> out = new TreeMap<>();
    String file = getString(KAFKA_PROPERTIES, null);
    if (file != null) {
      Properties props = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "setting "
                + KAFKA_PROPERTIES
                + " (from "
                + lookup(KAFKA_PROPERTIES).origin
                + "): cannot read "
                + file
                + ": "
                + e,
            e);
      }
      for (String name : props.stringPropertyNames()) {
        out.put(name, props.getProperty(name));
      }
    }
    for (Map.Entry<String, String> e : args.toMap().entrySet()) {
      String key = e.getKey();
      if (key.startsWith(KAFKA_PREFIX)
          && !OWN_KAFKA_KEYS.contains(key)
          && e.getValue() != null
          && !NO_VALUE.equals(e.getValue())) {
        out.put(key.substring(KAFKA_PREFIX.length()), e.getValue());
      }
    }
    return out;
  }

  public Duration kafkaTransactionTimeout() {
    return getDuration(KAFKA_TRANSACTION_TIMEOUT, KafkaConnectors.DEFAULT_TRANSACTION_TIMEOUT);
  }

  public ValidationLimits validationLimits() {
    ValidationLimits d = ValidationLimits.defaults();
    return new ValidationLimits(
        getInstant(VALIDATION_NOT_BEFORE, d.notBefore()),
        getDuration(VALIDATION_MAX_AHEAD, d.maxAheadOfNow()),
        getInt(VALIDATION_MAX_FIELD_CHARS, d.maxFieldChars()),
        getInt(VALIDATION_MAX_RECORD_BYTES, d.maxRecordBytes()));
  }

  public SchemaRegistrySettings schemaRegistry() {
    return SchemaRegistrySettings.of(schemaRegistryUrl());
  }

  /**
   * Flink configuration for local and MiniCluster runs: every {@code --flink.<option>=…} argument,
   * plus {@code s3.endpoint} (and path-style access, which S3-compatible servers need) from {@link
   * #S3_ENDPOINT}. On a real cluster the S3 filesystem plugin reads the cluster's own config.
   */
  public Configuration flinkConfiguration() {
    Configuration conf = new Configuration();
    for (Map.Entry<String, String> e : args.toMap().entrySet()) {
      if (e.getKey().startsWith(FLINK_PREFIX)
          && e.getValue() != null
          && !NO_VALUE.equals(e.getValue())) {
        conf.setString(e.getKey().substring(FLINK_PREFIX.length()), e.getValue());
      }
    }
    String endpoint = getString(S3_ENDPOINT, null);
    if (endpoint != null) {
      conf.setString("s3.endpoint", endpoint);
      conf.setString("s3.path.style.access", "true");
    }
    return conf;
  }
}
