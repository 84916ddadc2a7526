package io.collabstream.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * A composite key's value as one string: the JSON array of its parts ({@code ["org-1","m-7"]}), as
 * the evaluator's {@code encodeKey} writes it with {@code JSON.stringify}. It is injective (a part
 * holding a comma or a quote stays inside its string), so Flink's keyBy groups exactly by the
 * parts, and it is the live topic's Kafka record key, which consumers decode as JSON.
 */
public final class CompositeKey {
  private CompositeKey() {}

  /**
   * The key of these parts (never null: validation dead-letters an event with a null key field).
   */
  public static String of(String... parts) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(Js.jsonString(parts[i]));
    }
    return out.append(']').toString();
  }

  /**
   * The parts of a key {@link #of} wrote; fails on anything else, or on another number of parts.
   */
  public static String[] parts(String key, int count) {
    List<String> parts = new ArrayList<>(count);
    int i = expect(key, 0, '[');
    while (key.charAt(i) != ']') {
      if (!parts.isEmpty()) {
        i = expect(key, i, ',');
      }
      i = expect(key, i, '"');
      StringBuilder part = new StringBuilder();
      while (key.charAt(i) != '"') {
        char c = key.charAt(i++);
        if (c != '\\') {
          part.append(c);
          continue;
        }
        char escape = key.charAt(i++);
        switch (escape) {
          case 'b' -> part.append('\b');
          case 'f' -> part.append('\f');
          case 'n' -> part.append('\n');
          case 'r' -> part.append('\r');
          case 't' -> part.append('\t');
          case 'u' -> {
            part.append((char) Integer.parseInt(key.substring(i, i + 4), 16));
            i += 4;
          }
          default -> part.append(escape);
        }
      }
      parts.add(part.toString());
      i++;
    }
    if (i != key.length() - 1 || parts.size() != count) {
      throw new IllegalArgumentException("not a composite key of " + count + " parts: " + key);
    }
    return parts.toArray(new String[0]);
  }

  private static int expect(String key, int at, char c) {
    if (at >= key.length() || key.charAt(at) != c) {
      throw new IllegalArgumentException("not a composite key: " + key);
    }
    return at + 1;
  }
}
