package io.collabstream.runtime;

import java.io.Serializable;

/**
 * Event time of an element in epoch milliseconds (UTC). Serializable: it ships in the job graph.
 */
@FunctionalInterface
public interface EventTimeExtractor<T> extends Serializable {
  long eventTimeMillis(T element);
}
