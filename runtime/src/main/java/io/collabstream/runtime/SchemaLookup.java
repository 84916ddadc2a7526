package io.collabstream.runtime;

import org.apache.avro.Schema;

/** Finds the Avro schema a producer wrote with, by its Confluent schema id. */
public interface SchemaLookup {
  /**
   * @throws UnknownSchemaIdException the id does not exist: the record's fault, dead-letter it
   * @throws UnusableSchemaException the id exists but is not a usable Avro schema: also the
   *     record's (producer's) fault
   * @throws SchemaRegistryException the registry could not answer: not the record's fault, so the
   *     caller must let it fail the task (Flink restarts and retries) rather than dead-letter
   */
  Schema writerSchema(int id) throws UnknownSchemaIdException, UnusableSchemaException;
}
