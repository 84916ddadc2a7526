package io.collabstream.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CompositeKeyTest {
  @Test
  void writesTheJsonArrayJavaScriptsJsonStringifyWrites() {
    // JSON.stringify(['org-1', 'a"b\\c', 'line\nfeed', '\u0001', 'é']) in Node.
    assertEquals(
        "[\"org-1\",\"a\\\"b\\\\c\",\"line\\nfeed\",\"\\u0001\",\"é\"]",
        CompositeKey.of("org-1", "a\"b\\c", "line\nfeed", "\u0001", "é"));
  }

  @Test
  void partsWithTheSeparatorStayApart() {
    assertNotEquals(CompositeKey.of("a,b", "c"), CompositeKey.of("a", "b,c"));
    assertNotEquals(CompositeKey.of("a\",\"b", "c"), CompositeKey.of("a", "b\",\"c"));
  }

  @Test
  void partsReadBackWhatOfWrote() {
    String[][] keys = {
      {"org-1", "m-1"},
      {"a,b", "c"},
      {"\"", "\\", "\",\""},
      {"tab\there", "\b\f\r\n", "\u001f\ud83d\ude00"},
      {"", " x "},
    };
    for (String[] parts : keys) {
      assertArrayEquals(parts, CompositeKey.parts(CompositeKey.of(parts), parts.length));
    }
  }

  @Test
  void refusesAnotherShapeOrCount() {
    String key = CompositeKey.of("a", "b");
    assertThrows(IllegalArgumentException.class, () -> CompositeKey.parts(key, 3));
    assertThrows(IllegalArgumentException.class, () -> CompositeKey.parts("a", 1));
    assertThrows(IllegalArgumentException.class, () -> CompositeKey.parts(key + " ", 2));
  }
}
