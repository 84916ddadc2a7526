// Flink SQL's PERCENTILE, computed as the Java runtime computes it (runtime Js.percentile): the values sorted in Java's
// Double.compare order, the value at rank fraction × (n − 1), linearly interpolated between the two nearest ranks
// with the same operations, so that the doubles are equal bit for bit (docs/SEMANTICS.md).

/** Java's Double.compare: numeric order, -0 before 0, NaN after everything (and equal to itself). */
export function javaDoubleCompare(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  if (a === 0 && b === 0) {
    const aNegative = Object.is(a, -0);
    const bNegative = Object.is(b, -0);
    return aNegative === bNegative ? 0 : aNegative ? -1 : 1;
  }
  return 0;
}

/** The percentile of `values` at `fraction` within [0, 1]; null when there are none. */
export function percentile(values: readonly number[], fraction: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = [...values].sort(javaDoubleCompare);
  const rank = fraction * (n - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!);
}
