// The approximate percentile's sketch (DDSketch-style), written operation for operation as the Java runtime's
// DDSketch so that both engines hold the same buckets and answer the same double (docs/SEMANTICS.md). The only
// transcendental functions are Math.log and Math.exp, which V8 and Java's StrictMath both take from fdlibm; the
// shared fixture (runtime/src/test/resources/ddsketch-fixture.txt) checks that on both sides.

/** Magnitudes below this count as zero: their logarithm would need indices far outside the useful range. */
export const MIN_INDEXABLE = 1e-9;
/** Buckets kept per sign; beyond it the lowest-magnitude buckets are folded into the lowest one kept. */
export const MAX_BUCKETS = 2048;

export interface SketchParams {
  readonly gamma: number;
  readonly logGamma: number;
}

export function sketchParams(relativeError: number): SketchParams {
  const gamma = (1 + relativeError) / (1 - relativeError);
  return { gamma, logGamma: Math.log(gamma) };
}

/** The bucket of a magnitude ≥ MIN_INDEXABLE: i such that gamma^(i-1) < x ≤ gamma^i. */
export function bucketIndex(params: SketchParams, magnitude: number): number {
  // + 0 turns ceil's -0 into 0, as Java's (int) cast does.
  return Math.ceil(Math.log(magnitude) / params.logGamma) + 0;
}

/** The value a bucket answers with: 2·gamma^i/(gamma+1), within relativeError of every magnitude in it. */
export function bucketValue(params: SketchParams, index: number): number {
  return (2 * Math.exp(index * params.logGamma)) / (params.gamma + 1);
}

/** One sign's buckets, index → count; always the MAX_BUCKETS highest indices ever added (order-independent). */
class Store {
  readonly counts = new Map<number, number>();

  add(index: number, count: number): void {
    this.counts.set(index, (this.counts.get(index) ?? 0) + count);
    if (this.counts.size > MAX_BUCKETS) this.collapse();
  }

  /** Folds the lowest indices into the lowest of the MAX_BUCKETS kept, so merge order cannot change the state. */
  private collapse(): void {
    const indices = [...this.counts.keys()].sort((a, b) => a - b);
    const folded = indices.length - MAX_BUCKETS;
    const target = indices[folded]!;
    let total = 0;
    for (let i = 0; i < folded; i++) {
      total += this.counts.get(indices[i]!)!;
      this.counts.delete(indices[i]!);
    }
    this.counts.set(target, this.counts.get(target)! + total);
  }

  total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  ascending(): [number, number][] {
    return [...this.counts.entries()].sort((a, b) => a[0] - b[0]);
  }
}

export class DDSketch {
  private readonly params: SketchParams;
  private readonly positive = new Store();
  private readonly negative = new Store();
  private zero = 0;

  constructor(readonly relativeError: number) {
    this.params = sketchParams(relativeError);
  }

  /** Non-finite values are skipped, as nulls are: they have no bucket. */
  add(value: number): void {
    if (!Number.isFinite(value)) return;
    const magnitude = Math.abs(value);
    if (magnitude < MIN_INDEXABLE) this.zero += 1;
    else if (value > 0) this.positive.add(bucketIndex(this.params, magnitude), 1);
    else this.negative.add(bucketIndex(this.params, magnitude), 1);
  }

  /** Adds another sketch of the same relativeError (a sliding window's panes). */
  merge(other: DDSketch): void {
    if (other.relativeError !== this.relativeError)
      throw new Error('DDSketch.merge: different relativeError');
    for (const [index, count] of other.positive.counts) this.positive.add(index, count);
    for (const [index, count] of other.negative.counts) this.negative.add(index, count);
    this.zero += other.zero;
  }

  count(): number {
    return this.zero + this.positive.total() + this.negative.total();
  }

  /** Buckets as [sign, index, count] in value order: what the state comparison between engines looks at. */
  buckets(): [number, number, number][] {
    return [
      ...this.negative
        .ascending()
        .reverse()
        .map(([index, count]): [number, number, number] => [-1, index, count]),
      ...(this.zero > 0 ? [[0, 0, this.zero] as [number, number, number]] : []),
      ...this.positive.ascending().map(([index, count]): [number, number, number] => [1, index, count]),
    ];
  }

  /**
   * The value at rank fraction × (n − 1), 0-based: the bucket holding the value at position floor(rank) in sorted
   * order answers with its representative value; null when empty.
   */
  quantile(fraction: number): number | null {
    const n = this.count();
    if (n === 0) return null;
    const rank = fraction * (n - 1);
    let seen = 0;
    for (const [sign, index, count] of this.buckets()) {
      seen += count;
      if (seen > rank) return sign === 0 ? 0 : sign * bucketValue(this.params, index);
    }
    throw new Error('DDSketch.quantile: rank beyond the count'); // rank ≤ n − 1 < n
  }
}
