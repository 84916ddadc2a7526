package io.collabstream.runtime;

/** The registry has no schema with this id (Confluent 404, error_code 40403). */
public final class UnknownSchemaIdException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int schemaId;

  public UnknownSchemaIdException(int schemaId, String message) {
    super(message);
    this.schemaId = schemaId;
  }

  public int schemaId() {
    return schemaId;
  }
}
