package io.collabstream.runtime;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The configurable bounds that turn a record into a dead letter. Defaults are the contract's
 * defaults (the TypeScript evaluator uses the same ones).
 *
 * @param notBefore event times strictly before this are {@code far-past}
 * @param maxAheadOfNow event times strictly more than this ahead of processing time are {@code
 *     far-future}
 * @param maxFieldChars strings longer than this (UTF-16 code units, like JS {@code .length}) are
 *     oversized
 * @param maxRecordBytes Kafka values longer than this many bytes are oversized
 */
public record ValidationLimits(
    Instant notBefore, Duration maxAheadOfNow, int maxFieldChars, int maxRecordBytes)
    implements Serializable {
  public static final Instant DEFAULT_NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
  public static final Duration DEFAULT_MAX_AHEAD_OF_NOW = Duration.ofHours(1);
  public static final int DEFAULT_MAX_FIELD_CHARS = 4096;
  public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

  public ValidationLimits {
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(maxAheadOfNow, "maxAheadOfNow");
    if (maxAheadOfNow.isNegative() || maxFieldChars < 1 || maxRecordBytes < 5) {
      throw new IllegalArgumentException("invalid validation limits: " + this);
    }
  }

  public static ValidationLimits defaults() {
    return new ValidationLimits(
        DEFAULT_NOT_BEFORE,
        DEFAULT_MAX_AHEAD_OF_NOW,
        DEFAULT_MAX_FIELD_CHARS,
        DEFAULT_MAX_RECORD_BYTES);
  }

  public ValidationLimits withNotBefore(Instant value) {
    return new ValidationLimits(value, maxAheadOfNow, maxFieldChars, maxRecordBytes);
  }

  public ValidationLimits withMaxAheadOfNow(Duration value) {
    return new ValidationLimits(notBefore, value, maxFieldChars, maxRecordBytes);
  }

  public ValidationLimits withMaxFieldChars(int value) {
    return new ValidationLimits(notBefore, maxAheadOfNow, value, maxRecordBytes);
  }

  public ValidationLimits withMaxRecordBytes(int value) {
    return new ValidationLimits(notBefore, maxAheadOfNow, maxFieldChars, value);
  }
}
