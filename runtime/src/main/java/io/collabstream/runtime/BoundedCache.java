package io.collabstream.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small least-recently-used map. Schema ids are immutable, so entries never go stale; the bound
 * only protects memory against a stream of random ids.
 */
final class BoundedCache<K, V> {
  private final Map<K, V> map;

  BoundedCache(int maxEntries) {
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > maxEntries;
          }
        };
  }

  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }

  synchronized void remove(K key) {
    map.remove(key);
  }

  synchronized int size() {
    return map.size();
  }
}
