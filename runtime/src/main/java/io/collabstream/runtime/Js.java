package io.collabstream.runtime;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * JavaScript semantics for generated metric code: every method matches the JavaScript operator or
 * built-in it is named after, so the generated job computes what the reference evaluator computes.
 * Tested against values JavaScript itself computed (generated-java JsSemanticsTest).
 */
public final class Js {
  private Js() {}

  /**
   * Math.round: nearest integer, ties towards +Infinity; keeps NaN, ±Infinity and -0 (e.g.
   * round(-0.4) is -0).
   */
  public static double round(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    double floor = Math.floor(x);
    double result = x - floor >= 0.5 ? floor + 1 : floor;
    if (result == 0 && (x < 0 || (x == 0 && 1 / x < 0))) {
      return -0.0;
    }
    return result;
  }

  /**
   * String.prototype.trim: strips JS WhiteSpace and LineTerminator (wider than Java's trim/strip).
   */
  public static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isJsWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isJsWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  static boolean isJsWhitespace(char c) {
    switch (c) {
      case '\t':
      case '\n':
      case 0x0B:
      case '\f':
      case '\r':
      case ' ':
      case 0xA0:
      case 0x1680:
      case 0x2028:
      case 0x2029:
      case 0x202F:
      case 0x205F:
      case 0x3000:
      case 0xFEFF:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200A;
    }
  }

  /** a ?? b (b is evaluated eagerly: generated expressions have no side effects). */
  public static <T> T coalesce(T a, T b) {
    return a != null ? a : b;
  }

  /** === between numbers that may be null: null === null, NaN !== NaN, 0 === -0. */
  public static boolean strictEquals(Double a, Double b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    return a.doubleValue() == b.doubleValue();
  }

  public static String enumName(Enum<?> value) {
    return value == null ? null : value.name();
  }

  public static Double epochMillis(Instant value) {
    return value == null ? null : Double.valueOf(value.toEpochMilli());
  }

  public static Double widen(Integer value) {
    return value == null ? null : Double.valueOf(value.doubleValue());
  }

  public static Double widen(Long value) {
    return value == null ? null : Double.valueOf(value.doubleValue());
  }

  public static Double widen(Float value) {
    return value == null ? null : Double.valueOf(value.doubleValue());
  }

  /**
   * Distinct numbers as a JS Set sees them (SameValueZero): -0 and 0 are one value, NaN is one
   * value.
   */
  public static Double sameValueZero(Double value) {
    return value.doubleValue() == 0 ? Double.valueOf(0.0) : value;
  }

  // ---- presence: an entry is (timestamp << 1 | leave), so that (timestamp, leave after join)
  // orders as a long.

  public static long presenceEntry(long timestamp, boolean leave) {
    return timestamp * 2 + (leave ? 1 : 0);
  }

  public static void presenceKeepNewer(Map<String, Long> entries, String member, long entry) {
    Long seen = entries.get(member);
    if (seen == null || entry > seen) {
      entries.put(member, entry);
    }
  }

  /**
   * Merges a window's entries into the key's presence state, expires entries with end − timestamp ≥
   * ttl and returns the number of members whose newest entry is a join (SEMANTICS.md, Presence).
   */
  public static long presenceGauge(
      MapState<String, Long> state, Map<String, Long> window, long end, long ttl) throws Exception {
    for (Map.Entry<String, Long> entry : window.entrySet()) {
      Long seen = state.get(entry.getKey());
      if (seen == null || entry.getValue() > seen) {
        state.put(entry.getKey(), entry.getValue());
      }
    }
    long present = 0;
    java.util.List<String> expired = new java.util.ArrayList<>();
    for (Map.Entry<String, Long> entry : state.entries()) {
      long timestamp = Math.floorDiv(entry.getValue(), 2L);
      if (end - timestamp >= ttl) {
        expired.add(entry.getKey());
      } else if (Math.floorMod(entry.getValue(), 2L) == 0) {
        present++;
      }
    }
    for (String member : expired) {
      state.remove(member);
    }
    return present;
  }

  /**
   * A derived number as rows carry it: null when NaN or ±Infinity, one rule for every output
   * (docs/SEMANTICS.md), because JSON and Parquet-through-Trino cannot carry them alike.
   */
  public static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? Double.valueOf(value) : null;
  }

  /** A nullable derived number: null stays null, a non-finite number becomes null. */
  public static Double finiteOrNull(Double value) {
    return value == null ? null : finiteOrNull(value.doubleValue());
  }

  /**
   * Flink SQL's PERCENTILE over the first {@code count} values: sorted as {@link Double#compare}
   * orders them, the value at rank {@code fraction × (count − 1)}, interpolated linearly between
   * the two nearest ranks ({@code low + (rank − ⌊rank⌋) × (high − low)}); null when there is none.
   * The evaluator computes it with the same order and the same operations (docs/SEMANTICS.md).
   */
  public static Double percentile(double[] values, long count, double fraction) {
    if (count == 0) {
      return null;
    }
    double[] sorted = Arrays.copyOf(values, (int) count);
    Arrays.sort(sorted);
    double rank = fraction * (count - 1);
    int low = (int) Math.floor(rank);
    int high = (int) Math.ceil(rank);
    return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
  }

  /** The partition date: UTC date of an epoch-millisecond instant, YYYY-MM-DD. */
  public static String utcDate(long epochMillis) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L)).toString();
  }

  // ---- JSON as JSON.stringify writes it

  public static String jsonString(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || Character.isSurrogate(c) && !wellFormedSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  private static boolean wellFormedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  public static String jsonNumber(Double value) {
    return value == null ? "null" : jsonNumber(value.doubleValue());
  }

  /**
   * JSON.stringify of a number: NaN and ±Infinity are null, otherwise Number.prototype.toString.
   */
  public static String jsonNumber(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "null";
    }
    return numberToString(value);
  }

  /**
   * Number.prototype.toString() (ECMA-262 Number::toString): the shortest decimal that reads back
   * as the same double (the closest one among equally short), laid out as JavaScript does.
   *
   * <p>The digits come from Schubfach (Giulietti's algorithm, jackson-core's copy of what is Java
   * 19's Double.toString; Java 17's is not always the shortest, JDK-4511638). Its specification
   * differs from JavaScript's in one case: when one digit suffices it may answer two closer ones
   * (4.9E-324 for 5e-324), so two-digit answers try the one-digit decimals next to them. This is
   * about 20 times faster than searching precisions with BigDecimal, which it replaced (live rows
   * format every double of every row).
   */
  public static String numberToString(double value) {
    if (value == 0) {
      return "0";
    }
    if (value < 0) {
      return "-" + numberToString(-value);
    }
    String java = DoubleToDecimal.toString(value);
    int e = java.indexOf('E');
    String mantissa = e < 0 ? java : java.substring(0, e);
    int point = mantissa.indexOf('.');
    String all = mantissa.substring(0, point) + mantissa.substring(point + 1);
    // value = 0.<all> × 10^n before stripping zeros from either end.
    int n = point + (e < 0 ? 0 : Integer.parseInt(java.substring(e + 1)));
    int first = 0;
    while (all.charAt(first) == '0') {
      first++;
      n--;
    }
    int last = all.length();
    while (all.charAt(last - 1) == '0') {
      last--;
    }
    String digits = all.substring(first, last);
    if (digits.length() == 2) {
      String one = oneDigit(value, digits.charAt(0) - '0', n);
      if (one != null) {
        digits = one.substring(0, 1);
        n += one.length() - 1;
      }
    }
    return layout(digits, n);
  }

  /**
   * The one-digit decimal that reads back as {@code value}, from {@code d} × 10^(n−1) and (d + 1) ×
   * 10^(n−1) (the closest if both do), or null. Its digit, followed by a 0 when d + 1 is 10.
   */
  private static String oneDigit(double value, int d, int n) {
    String below = d + "e" + (n - 1);
    String above = (d + 1) + "e" + (n - 1);
    boolean belowReads = Double.parseDouble(below) == value;
    boolean aboveReads = Double.parseDouble(above) == value;
    if (belowReads && aboveReads) {
      // Both read back (subnormals, far apart): the closer one; on a tie, the even one.
      BigDecimal exact = new BigDecimal(value);
      int closer =
          exact.subtract(new BigDecimal(below)).compareTo(new BigDecimal(above).subtract(exact));
      return String.valueOf(closer < 0 || (closer == 0 && d % 2 == 0) ? d : d + 1);
    }
    return belowReads ? String.valueOf(d) : aboveReads ? String.valueOf(d + 1) : null;
  }

  /** ECMA-262 Number::toString's layout of {@code digits} × 10^(n − digits.length()). */
  private static String layout(String digits, int n) {
    int k = digits.length();
    if (k <= n && n <= 21) {
      return digits + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return digits.substring(0, n) + "." + digits.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + digits;
    }
    int exponent = n - 1;
    String sign = exponent < 0 ? "-" : "+";
    String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return mantissa + "e" + sign + Math.abs(exponent);
  }
}
