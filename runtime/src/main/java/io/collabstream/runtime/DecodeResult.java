package io.collabstream.runtime;

import java.util.Objects;

/**
 * Outcome of decoding or validating one record: a value, or a dead-letter reason with a
 * human-readable detail. Failures are values, not exceptions, so that a bad record costs no stack
 * trace and can never escape into the job's restart loop.
 */
public final class DecodeResult<T> {
  private final T value;
  private final DeadLetterReason reason;
  private final String detail;

  private DecodeResult(T value, DeadLetterReason reason, String detail) {
    this.value = value;
    this.reason = reason;
    this.detail = detail;
  }

  public static <T> DecodeResult<T> ok(T value) {
    return new DecodeResult<>(Objects.requireNonNull(value, "value"), null, null);
  }

  public static <T> DecodeResult<T> failure(DeadLetterReason reason, String detail) {
    return new DecodeResult<>(
        null, Objects.requireNonNull(reason, "reason"), detail == null ? "" : detail);
  }

  public boolean isOk() {
    return reason == null;
  }

  /** The decoded value; only valid when {@link #isOk()}. */
  public T value() {
    if (!isOk()) {
      throw new IllegalStateException("not ok: " + reason.code() + ": " + detail);
    }
    return value;
  }

  /** The failure reason; only valid when not {@link #isOk()}. */
  public DeadLetterReason reason() {
    if (isOk()) {
      throw new IllegalStateException("result is ok");
    }
    return reason;
  }

  public String detail() {
    if (isOk()) {
      throw new IllegalStateException("result is ok");
    }
    return detail;
  }

  /** Re-types a failure, so a failed decode of one type can be returned as another. */
  @SuppressWarnings("unchecked")
  public <U> DecodeResult<U> castFailure() {
    if (isOk()) {
      throw new IllegalStateException("result is ok");
    }
    return (DecodeResult<U>) this;
  }

  @Override
  public String toString() {
    return isOk() ? "ok(" + value + ")" : "failure(" + reason.code() + ": " + detail + ")";
  }
}
