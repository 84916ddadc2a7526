package io.collabstream.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The approximate percentile's sketch, written operation for operation as the evaluator's
 * (evaluator/src/ddsketch.ts) so that both engines hold the same buckets and answer the same
 * double. StrictMath, not Math: StrictMath.log and StrictMath.exp are fdlibm's, as V8's Math.log
 * and Math.exp are, while Math's may be intrinsics that differ by an ulp. The shared fixture
 * (src/test/resources/ddsketch-fixture.txt) checks it on both sides.
 */
public final class DDSketch {
  /** Magnitudes below this count as zero. */
  public static final double MIN_INDEXABLE = 1e-9;

  /**
   * Buckets kept per sign; beyond it the lowest-magnitude buckets fold into the lowest one kept.
   */
  public static final int MAX_BUCKETS = 2048;

  private final double relativeError;
  private final double gamma;
  private final double logGamma;
  private final TreeMap<Integer, Long> positive = new TreeMap<>();
  private final TreeMap<Integer, Long> negative = new TreeMap<>();
  private long zero;

  public DDSketch(double relativeError) {
    this.relativeError = relativeError;
    this.gamma = gamma(relativeError);
    this.logGamma = StrictMath.log(gamma);
  }

  static double gamma(double relativeError) {
    return (1 + relativeError) / (1 - relativeError);
  }

  /** The bucket of a magnitude ≥ MIN_INDEXABLE: i such that gamma^(i-1) < x ≤ gamma^i. */
  static int bucketIndex(double logGamma, double magnitude) {
    return (int) Math.ceil(StrictMath.log(magnitude) / logGamma);
  }

  /**
   * The value a bucket answers with: 2·gamma^i/(gamma+1), within relativeError of every magnitude
   * in it.
   */
  static double bucketValue(double gamma, double logGamma, int index) {
    return (2 * StrictMath.exp(index * logGamma)) / (gamma + 1);
  }

  /** Non-finite values are skipped, as nulls are: they have no bucket. */
  public void add(double value) {
    if (!Double.isFinite(value)) {
      return;
    }
    double magnitude = Math.abs(value);
    if (magnitude < MIN_INDEXABLE) {
      zero += 1;
    } else if (value > 0) {
      addTo(positive, bucketIndex(logGamma, magnitude), 1);
    } else {
      addTo(negative, bucketIndex(logGamma, magnitude), 1);
    }
  }

  /** Adds another sketch of the same relativeError (a sliding window's panes). */
  public void merge(DDSketch other) {
    if (other.relativeError != relativeError) {
      throw new IllegalArgumentException("DDSketch.merge: different relativeError");
    }
    for (Map.Entry<Integer, Long> bucket : other.positive.entrySet()) {
      addTo(positive, bucket.getKey(), bucket.getValue());
    }
    for (Map.Entry<Integer, Long> bucket : other.negative.entrySet()) {
      addTo(negative, bucket.getKey(), bucket.getValue());
    }
    zero += other.zero;
  }

  /**
   * Always the MAX_BUCKETS highest indices ever added, the rest folded into the lowest kept: the
   * same state whatever the order of adds and merges.
   */
  private static void addTo(TreeMap<Integer, Long> store, int index, long count) {
    store.merge(index, count, Long::sum);
    if (store.size() > MAX_BUCKETS) {
      long folded = 0;
      while (store.size() > MAX_BUCKETS) {
        folded += store.pollFirstEntry().getValue();
      }
      store.merge(store.firstKey(), folded, Long::sum);
    }
  }

  public long count() {
    long total = zero;
    for (long count : positive.values()) {
      total += count;
    }
    for (long count : negative.values()) {
      total += count;
    }
    return total;
  }

  /** Buckets as {sign, index, count} in value order, as the evaluator's {@code buckets()}. */
  public List<long[]> buckets() {
    List<long[]> buckets = new ArrayList<>();
    for (Map.Entry<Integer, Long> bucket : negative.descendingMap().entrySet()) {
      buckets.add(new long[] {-1, bucket.getKey(), bucket.getValue()});
    }
    if (zero > 0) {
      buckets.add(new long[] {0, 0, zero});
    }
    for (Map.Entry<Integer, Long> bucket : positive.entrySet()) {
      buckets.add(new long[] {1, bucket.getKey(), bucket.getValue()});
    }
    return buckets;
  }

  /**
   * The value at rank fraction × (n − 1), 0-based: the bucket holding the value at position
   * floor(rank) answers with its representative value; null when empty.
   */
  public Double quantile(double fraction) {
    long n = count();
    if (n == 0) {
      return null;
    }
    double rank = fraction * (n - 1);
    double seen = 0;
    for (long[] bucket : buckets()) {
      seen += bucket[2];
      if (seen > rank) {
        return bucket[0] == 0 ? 0.0 : bucket[0] * bucketValue(gamma, logGamma, (int) bucket[1]);
      }
    }
    throw new IllegalStateException("DDSketch.quantile: rank beyond the count");
  }
}
