package io.collabstream.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Walks Avro binary against the writer schema without building objects, and says precisely what is
 * wrong with malformed bytes.
 *
 * <p>It runs before Avro's own decoder because Avro trusts lengths: a corrupt string length of 2^30
 * makes it allocate a gigabyte before noticing the buffer is short, and its errors for bad union or
 * enum indices are bare {@code IndexOutOfBoundsException}s. The walk is a few bounds checks per
 * field over a byte array, cheap next to the decode itself.
 *
 * <p>The detail it returns starts with a stable sub-code (the part before ':'), shared with the
 * TypeScript evaluator: {@code truncated}, {@code trailing-bytes}, {@code invalid-union-index},
 * {@code invalid-enum-index}, {@code negative-length}, {@code invalid-varint}, {@code
 * negative-block-size}, {@code implausible-block-count}.
 */
final class AvroBinaryValidator {
  /** Items of zero-byte types (null, empty records) cost nothing to encode: cap them. */
  private static final long MAX_ZERO_SIZE_ITEMS = 1_000_000;

  private final byte[] buf;
  private int pos;
  private final Deque<String> path = new ArrayDeque<>();

  private AvroBinaryValidator(byte[] buf, int start) {
    this.buf = buf;
    this.pos = start;
  }

  /** Returns null when {@code buf[start..]} is exactly one well-formed datum, else the problem. */
  static String check(Schema writer, byte[] buf, int start) {
    AvroBinaryValidator v = new AvroBinaryValidator(buf, start);
    try {
      v.walk(writer);
    } catch (Malformed m) {
      return m.getMessage() + v.where();
    }
    if (v.pos != buf.length) {
      return "trailing-bytes: "
          + (buf.length - v.pos)
          + " byte(s) after the end of the record (record ends at byte "
          + v.pos
          + " of "
          + buf.length
          + ")";
    }
    return null;
  }

  private String where() {
    if (path.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" at ");
    var it = path.descendingIterator();
    while (it.hasNext()) {
      sb.append(it.next());
      if (it.hasNext()) {
        sb.append('.');
      }
    }
    return sb.toString();
  }

  private void walk(Schema s) {
    switch (s.getType()) {
      case NULL:
        return;
      case BOOLEAN:
        need(1, "boolean");
        pos += 1;
        return;
      case INT:
        readVarint(5, "int");
        return;
      case LONG:
        readVarint(10, "long");
        return;
      case FLOAT:
        need(4, "float");
        pos += 4;
        return;
      case DOUBLE:
        need(8, "double");
        pos += 8;
        return;
      case STRING:
      case BYTES:
        skipLengthPrefixed(s.getType() == Schema.Type.STRING ? "string" : "bytes");
        return;
      case FIXED:
        need(s.getFixedSize(), "fixed(" + s.getFixedSize() + ")");
        pos += s.getFixedSize();
        return;
      case ENUM:
        {
          long index = readVarint(5, "enum index");
          int symbols = s.getEnumSymbols().size();
          if (index < 0 || index >= symbols) {
            throw new Malformed(
                "invalid-enum-index: index "
                    + index
                    + " but enum "
                    + s.getName()
                    + " has "
                    + symbols
                    + " symbols");
          }
          return;
        }
      case UNION:
        {
          long index = readVarint(5, "union index");
          List<Schema> branches = s.getTypes();
          if (index < 0 || index >= branches.size()) {
            throw new Malformed(
                "invalid-union-index: index "
                    + index
                    + " but the union has "
                    + branches.size()
                    + " branches");
          }
          walk(branches.get((int) index));
          return;
        }
      case RECORD:
        for (Schema.Field f : s.getFields()) {
          path.push(f.name());
          walk(f.schema());
          path.pop();
        }
        return;
      case ARRAY:
        walkBlocks(s.getElementType(), false);
        return;
      case MAP:
        walkBlocks(s.getValueType(), true);
        return;
      default:
        throw new Malformed("unsupported schema type " + s.getType());
    }
  }

  private void walkBlocks(Schema item, boolean isMap) {
    boolean zeroSize = !isMap && minEncodedSize(item) == 0;
    long total = 0;
    while (true) {
      long count = readVarint(10, "block count");
      if (count == 0) {
        return;
      }
      if (count < 0) {
        // A negative count is legal Avro: |count| items follow, preceded by their size in bytes.
        count = -count;
        long size = readVarint(10, "block size");
        if (size < 0) {
          throw new Malformed("negative-block-size: block size " + size);
        }
      }
      total += count;
      // Each item of a non-zero-size type takes at least one byte, so more items than bytes is a
      // lie.
      boolean implausible =
          count < 0 || (zeroSize ? total > MAX_ZERO_SIZE_ITEMS : count > remaining());
      if (implausible) {
        throw new Malformed(
            "implausible-block-count: "
                + count
                + " items announced with "
                + remaining()
                + " byte(s) left");
      }
      for (long i = 0; i < count; i++) {
        if (isMap) {
          skipLengthPrefixed("map key");
        }
        walk(item);
      }
    }
  }

  private static int minEncodedSize(Schema s) {
    switch (s.getType()) {
      case NULL:
        return 0;
      case RECORD:
        int sum = 0;
        for (Schema.Field f : s.getFields()) {
          sum += minEncodedSize(f.schema());
        }
        return sum;
      case FIXED:
        return s.getFixedSize();
      default:
        return 1;
    }
  }

  private void skipLengthPrefixed(String what) {
    long length = readVarint(10, what + " length");
    if (length < 0) {
      throw new Malformed("negative-length: " + what + " length " + length);
    }
    if (length > remaining()) {
      throw new Malformed(
          "truncated: " + what + " of " + length + " byte(s) but only " + remaining() + " left");
    }
    pos += (int) length;
  }

  /** Reads a zig-zag varint of at most {@code maxBytes} bytes. */
  private long readVarint(int maxBytes, String what) {
    long raw = 0;
    for (int i = 0; i < maxBytes; i++) {
      if (pos >= buf.length) {
        throw new Malformed("truncated: input ends inside " + what);
      }
      int b = buf[pos++] & 0xff;
      raw |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new Malformed("invalid-varint: " + what + " longer than " + maxBytes + " bytes");
  }

  private void need(int n, String what) {
    if (remaining() < n) {
      throw new Malformed(
          "truncated: " + what + " needs " + n + " byte(s) but only " + remaining() + " left");
    }
  }

  private int remaining() {
    return buf.length - pos;
  }

  /** Control flow for the walk only; no stack trace, since bad input is routine here. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
