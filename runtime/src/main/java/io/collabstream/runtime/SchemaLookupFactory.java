package io.collabstream.runtime;

import java.io.Serializable;

/**
 * Ships with the job graph and builds the (non-serializable) lookup on each TaskManager, so that
 * HTTP clients and credentials are created where they are used.
 */
@FunctionalInterface
public interface SchemaLookupFactory extends Serializable {
  SchemaLookup create();
}
