import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { bucketIndex, bucketValue, DDSketch, MAX_BUCKETS, sketchParams } from '../src/ddsketch';
import { javaDoubleCompare } from '../src/percentile';
import { FIXTURE, QUANTILE_FIXTURE } from './gen-ddsketch-fixture';

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

/** The value at 0-based position floor(fraction × (n − 1)) of the sorted values: what the sketch approximates. */
function lowerRankValue(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort(javaDoubleCompare);
  return sorted[Math.floor(fraction * (sorted.length - 1))]!;
}

/** Seeded so that a failure reproduces; Box-Muller for the normal behind the lognormal. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
}

describe('DDSketch', () => {
  it('computes the bucket index and value of every fixture pair bit for bit (the Java side reads the same file)', () => {
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(10000);
    for (const line of lines) {
      const [a, x, index, value] = line.split(' ') as [string, string, string, string];
      const params = sketchParams(fromBits(a));
      expect(bucketIndex(params, fromBits(x))).toBe(Number(index));
      expect(Object.is(bucketValue(params, Number(index)), fromBits(value))).toBe(true);
    }
  });

  it('answers the quantiles the fixture of whole windows holds (the Java side replays the same windows)', () => {
    const lines = readFileSync(QUANTILE_FIXTURE, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(300);
    for (const line of lines) {
      const [a, fraction, quantile, ...values] = line.split(' ').map(fromBits) as number[];
      const sketch = new DDSketch(a!);
      values.forEach((v) => sketch.add(v));
      expect(Object.is(sketch.quantile(fraction!), quantile)).toBe(true);
    }
  });

  it('answers within relativeError of the value it stands for, hand-checked on a small set', () => {
    const sketch = new DDSketch(0.01);
    for (const x of [1, 2, 3, 4, 100]) sketch.add(x);
    expect(sketch.count()).toBe(5);
    expect(Math.abs(sketch.quantile(0)! - 1) / 1).toBeLessThanOrEqual(0.01);
    expect(Math.abs(sketch.quantile(0.5)! - 3) / 3).toBeLessThanOrEqual(0.01);
    expect(Math.abs(sketch.quantile(1)! - 100) / 100).toBeLessThanOrEqual(0.01);
    expect(new DDSketch(0.01).quantile(0.5)).toBeNull();
  });

  it('orders negatives, zeros and positives, and skips non-finite values', () => {
    const sketch = new DDSketch(0.05);
    for (const x of [-10, 0, 1e-12, 5, NaN, Infinity]) sketch.add(x);
    expect(sketch.count()).toBe(4);
    expect(sketch.quantile(0)!).toBeLessThan(-9);
    expect(sketch.quantile(1 / 3)).toBe(0);
    expect(sketch.quantile(2 / 3)).toBe(0);
    expect(sketch.quantile(1)!).toBeGreaterThan(4.5);
  });

  it('merges to the same buckets in any order and split, including past the bucket bound', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { maxLength: 200 }),
        fc.nat(),
        (values, cut) => {
          const whole = new DDSketch(0.02);
          for (const v of values) whole.add(v);
          const split = Math.min(cut, values.length);
          const left = new DDSketch(0.02);
          const right = new DDSketch(0.02);
          values.slice(0, split).forEach((v) => left.add(v));
          values.slice(split).forEach((v) => right.add(v));
          right.merge(left);
          expect(right.buckets()).toEqual(whole.buckets());
        },
      ),
    );
    // 0.001 over twelve decades needs far more than MAX_BUCKETS buckets: the collapse must still commute.
    const next = generator(3);
    const values = Array.from({ length: 8000 }, () => Math.exp(next() * 28 - 14));
    const whole = new DDSketch(0.001);
    values.forEach((v) => whole.add(v));
    const parts = [new DDSketch(0.001), new DDSketch(0.001), new DDSketch(0.001)];
    values.forEach((v, i) => parts[i % 3]!.add(v));
    parts[2]!.merge(parts[0]!);
    parts[2]!.merge(parts[1]!);
    expect(whole.buckets().length).toBe(MAX_BUCKETS);
    expect(parts[2]!.buckets()).toEqual(whole.buckets());
    expect(
      Math.abs(whole.quantile(0.99)! - lowerRankValue(values, 0.99)) / lowerRankValue(values, 0.99),
    ).toBeLessThan(0.001 * (1 + 1e-9));
  });

  it.each([
    [
      'lognormal latencies',
      (next: () => number) =>
        Math.exp(3 + 1.5 * Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next())),
    ],
    ['pareto latencies (alpha 1.2)', (next: () => number) => 5 / Math.pow(next(), 1 / 1.2)],
  ])('stays within its relative error on %s, against the exact order statistic', (_, draw) => {
    for (const relativeError of [0.01, 0.05]) {
      for (let window = 0; window < 200; window++) {
        const next = generator(window * 31 + Math.round(relativeError * 1000));
        const values = Array.from({ length: 1 + Math.floor(next() * 500) }, () => draw(next));
        const sketch = new DDSketch(relativeError);
        values.forEach((v) => sketch.add(v));
        for (const fraction of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
          const exact = lowerRankValue(values, fraction);
          const error = Math.abs(sketch.quantile(fraction)! - exact) / exact;
          // The bound is relativeError; the slack covers the rounding of log, exp and the division, not more.
          expect(error).toBeLessThanOrEqual(relativeError * (1 + 1e-9));
        }
      }
    }
  });
});
