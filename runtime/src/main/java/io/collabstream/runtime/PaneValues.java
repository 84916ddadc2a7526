package io.collabstream.runtime;

import java.util.Arrays;

/**
 * The values a pre-aggregated partial carries for a sum (or the sum behind an average): the
 * non-null values in arrival order, so that the pane operator adds them one by one, exactly as it
 * would have added the events themselves. Double addition is not associative; docs/SEMANTICS.md
 * fixes the order (arrival order within a pane, from 0), and a partial sum added to the pane's sum
 * would change it whenever a pane is sent in more than one partial (flushes at watermarks, at
 * checkpoint barriers, at the size bound).
 *
 * <p>A field is a {@code double[]} plus a count (the first {@code count} entries are the values):
 * arrays grow by doubling while a partial is built and are trimmed before it is sent.
 */
public final class PaneValues {
  /** No values: shared, never written (every append copies it). */
  public static final double[] NONE = new double[0];

  private PaneValues() {}

  /** Appends {@code value} after the first {@code count} values; returns the (maybe new) array. */
  public static double[] append(double[] values, long count, double value) {
    int n = Math.toIntExact(count);
    double[] out = values;
    if (n == values.length) {
      out = Arrays.copyOf(values, Math.max(4, n * 2));
    }
    out[n] = value;
    return out;
  }

  /** The first {@code count} values, in an array of exactly that length. */
  public static double[] trim(double[] values, long count) {
    int n = Math.toIntExact(count);
    return n == values.length ? values : Arrays.copyOf(values, n);
  }

  /** {@code a}'s first {@code aCount} values, then {@code b}'s first {@code bCount}. */
  public static double[] concat(double[] a, long aCount, double[] b, long bCount) {
    int n = Math.toIntExact(aCount);
    int m = Math.toIntExact(bCount);
    double[] out = Arrays.copyOf(a, n + m);
    System.arraycopy(b, 0, out, n, m);
    return out;
  }

  /** {@code sum} plus each of the first {@code count} values, one at a time, in order. */
  public static double addInOrder(double sum, double[] values, long count) {
    double out = sum;
    for (int i = 0; i < count; i++) {
      out += values[i];
    }
    return out;
  }
}
