package io.collabstream.runtime;

/**
 * A registry call failed for a reason that is not the record's fault (unreachable, timed out, 5xx,
 * authentication, a rejected registration). Unchecked on purpose: in a job it must fail the task so
 * that Flink's restart strategy retries, instead of dead-lettering good records.
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** HTTP status, or -1 when no response arrived. */
  private final int httpStatus;

  /** Confluent error_code from the response body, or -1. */
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorCode() {
    return errorCode;
  }
}
