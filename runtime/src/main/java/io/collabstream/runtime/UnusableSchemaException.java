package io.collabstream.runtime;

/** The id exists but its schema is not Avro or does not parse. */
public final class UnusableSchemaException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnusableSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
