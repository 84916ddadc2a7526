package io.collabstream.runtime;

/** No usable answer after all retries: connection refused, timeout, or 5xx/429 every time. */
public final class SchemaRegistryUnavailableException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public SchemaRegistryUnavailableException(String message, int httpStatus, Throwable cause) {
    super(message, httpStatus, -1, cause);
  }
}
