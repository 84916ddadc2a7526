package io.collabstream.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The approximate percentile's sketch, written operation for operation as the evaluator's
 * (evaluator/src/ddsketch.ts) so that both engines hold the same buckets and answer the same
 * double. StrictMath, not Math: StrictMath.log and StrictMath.exp are fdlibm's, as V8's Math.log
 * and Math.exp are, while Math's may be intrinsics that differ by an ulp. The shared fixture
 * (src/test/resources/ddsketch-fixture.txt) checks it on both sides.
 *
 * <p>A Flink POJO (public fields, a no-argument constructor, {@code Map} fields Flink serializes
 * without Kryo): it is an approxPercentile's window state, so its field names and types are in
 * every savepoint. The stores are hash maps, sorted where order matters (the collapse, the walk of
 * {@link #quantile}), because Flink restores a {@code Map} field as a {@link HashMap}.
 */
public final class DDSketch {
  /** Magnitudes below this count as zero. */
  public static final double MIN_INDEXABLE = 1e-9;

  /**
   * Buckets kept per sign; beyond it the lowest-magnitude buckets fold into the lowest one kept.
   */
  public static final int MAX_BUCKETS = 2048;

  /** Saved with the buckets: they mean something only under the error they were indexed with. */
  public double relativeError;

  /** Bucket index → count, per sign. */
  public Map<Integer, Long> positive = new HashMap<>();

  public Map<Integer, Long> negative = new HashMap<>();
  public long zero;

  /** gamma and ln gamma of {@link #paramsFor}: derived, so not state. */
  private transient double paramsFor = Double.NaN;

  private transient double gamma;
  private transient double logGamma;

  /** For Flink's POJO serializer, which then sets the fields. */
  public DDSketch() {}

  public DDSketch(double relativeError) {
    this.relativeError = relativeError;
  }

  static double gamma(double relativeError) {
    return (1 + relativeError) / (1 - relativeError);
  }

  private void params() {
    if (paramsFor != relativeError) {
      gamma = gamma(relativeError);
      logGamma = StrictMath.log(gamma);
      paramsFor = relativeError;
    }
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
    add(value, 1);
  }

  private void add(double value, long count) {
    if (!Double.isFinite(value)) {
      return;
    }
    params();
    double magnitude = Math.abs(value);
    if (magnitude < MIN_INDEXABLE) {
      zero += count;
    } else if (value > 0) {
      addTo(positive, bucketIndex(logGamma, magnitude), count);
    } else {
      addTo(negative, bucketIndex(logGamma, magnitude), count);
    }
  }

  /**
   * Adds another sketch (a sliding window's panes). Of the same relativeError, by adding counts, as
   * the evaluator does. Of another one — only ever after an upgrade changed an approxPercentile's
   * relativeError, when windows open across the restore meet partials of the new job — each bucket
   * is added as its value, so the job keeps running and those windows answer within about the sum
   * of both errors.
   */
  public void merge(DDSketch other) {
    if (other.relativeError != relativeError) {
      other.params();
      for (long[] bucket : other.buckets()) {
        double value =
            bucket[0] == 0
                ? 0.0
                : bucket[0] * bucketValue(other.gamma, other.logGamma, (int) bucket[1]);
        add(value, bucket[2]);
      }
      return;
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
  private static void addTo(Map<Integer, Long> store, int index, long count) {
    store.merge(index, count, Long::sum);
    // A store never holds more than MAX_BUCKETS between calls, so this folds one bucket: a scan for
    // the lowest, not a sort of the whole store on every add past the limit.
    while (store.size() > MAX_BUCKETS) {
      long folded = store.remove(lowest(store));
      store.merge(lowest(store), folded, Long::sum);
    }
  }

  private static int lowest(Map<Integer, Long> store) {
    int lowest = Integer.MAX_VALUE;
    for (int index : store.keySet()) {
      lowest = Math.min(lowest, index);
    }
    return lowest;
  }

  private static int[] ascending(Map<Integer, Long> store) {
    int[] indices = new int[store.size()];
    int i = 0;
    for (int index : store.keySet()) {
      indices[i++] = index;
    }
    Arrays.sort(indices);
    return indices;
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
    int[] negatives = ascending(negative);
    for (int i = negatives.length - 1; i >= 0; i--) {
      buckets.add(new long[] {-1, negatives[i], negative.get(negatives[i])});
    }
    if (zero > 0) {
      buckets.add(new long[] {0, 0, zero});
    }
    for (int index : ascending(positive)) {
      buckets.add(new long[] {1, index, positive.get(index)});
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
    params();
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
