package io.collabstream.runtime;

import java.io.Serializable;

/** Which Kafka partition (of its source topic) an element came from. */
@FunctionalInterface
public interface PartitionOf<T> extends Serializable {
  int partitionOf(T element);
}
