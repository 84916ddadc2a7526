package io.collabstream.runtime;

import java.io.Serializable;

/** Which source (topic) an element of a merged stream came from. */
@FunctionalInterface
public interface SourceOf<T> extends Serializable {
  String sourceOf(T element);
}
