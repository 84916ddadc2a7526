package io.collabstream.runtime;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why a record went to the dead-letter topic.
 *
 * <p>The {@link #code()} strings are a contract: the TypeScript reference evaluator emits the same
 * codes, dead-letter consumers filter on them (header {@code collab.dlq.reason}) and dashboards
 * count them (metric {@code deadLetters_<code>}). Never rename one; add new ones instead.
 */
public enum DeadLetterReason {
  /** Value shorter than 5 bytes or first byte is not the Confluent magic byte 0. */
  NOT_CONFLUENT_FRAMED("not-confluent-framed"),
  /** The registry answered that the schema id in the frame does not exist (404, code 40403). */
  UNKNOWN_SCHEMA_ID("unknown-schema-id"),
  /**
   * The bytes do not decode with the writer schema: truncated, trailing, bad indices or lengths.
   */
  MALFORMED_AVRO("malformed-avro"),
  /** The writer schema cannot be resolved to the compiled reader schema. */
  INCOMPATIBLE_SCHEMA("incompatible-schema"),
  /** A reader field without a default is absent from the writer schema. */
  MISSING_FIELD("missing-field"),
  /** The record carries an enum symbol that the reader schema does not know. */
  BAD_ENUM("bad-enum"),
  /** A key field is null, empty or blank; keyBy would throw and restart the job forever. */
  NULL_KEY("null-key"),
  /** Event time before the configured floor or too far ahead of processing time. */
  TIMESTAMP_OUT_OF_BOUNDS("timestamp-out-of-bounds"),
  /** The Kafka value is larger than the configured maximum. */
  OVERSIZED_RECORD("oversized-record"),
  /** A string field is longer than the configured maximum. */
  OVERSIZED_FIELD("oversized-field");

  private static final Map<String, DeadLetterReason> BY_CODE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(r -> r.code, Function.identity()));

  private final String code;

  DeadLetterReason(String code) {
    this.code = code;
  }

  /** The stable, kebab-case wire code. */
  public String code() {
    return code;
  }

  /** Name of the Flink counter for this reason; identifiers cannot contain '-'. */
  public String metricName() {
    return "deadLetters_" + code.replace('-', '_');
  }

  public static DeadLetterReason fromCode(String code) {
    DeadLetterReason reason = BY_CODE.get(code);
    if (reason == null) {
      throw new IllegalArgumentException("unknown dead-letter reason code: " + code);
    }
    return reason;
  }
}
