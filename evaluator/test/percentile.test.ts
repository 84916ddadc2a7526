import fc from 'fast-check';
import { evaluate } from '..';
import { DslError } from '../../dsl';
import { javaDoubleCompare, percentile } from '../src/percentile';
import { media, meetingEvents, NOW, sortedRows, testJob } from './helpers';

/** The definition written out the slow way: rank by position in a sorted copy, interpolate between neighbours. */
function bruteForce(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort(javaDoubleCompare);
  const rank = fraction * (sorted.length - 1);
  const below = sorted[Math.floor(rank)]!;
  const above = sorted[Math.ceil(rank)]!;
  return below + (rank - Math.floor(rank)) * (above - below);
}

describe('percentile', () => {
  it("matches Flink SQL's documented examples and the ends of the range", () => {
    expect(percentile([0, 10, 10], 0.3)).toBe(6);
    expect(percentile([10, 20, 30, 40], 0.25)).toBe(17.5);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 1)).toBe(3);
    expect(percentile([5], 0.99)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('sorts as Java does: -0 before 0, NaN last', () => {
    expect(
      [0, NaN, -0, -1].sort(javaDoubleCompare).map((v) => (Object.is(v, -0) ? '-0' : String(v))),
    ).toEqual(['-1', '-0', '0', 'NaN']);
    // The interpolation adds 0 × 0 to the lower value, so -0 comes out as 0 (in Java as well).
    expect(Object.is(percentile([0, -0], 0), 0)).toBe(true);
  });

  it('equals a brute-force sort over 1,000 random windows, skewed values included', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
      // A long tail, as latencies have.
      fc.integer({ min: 1, max: 40 }).map((k) => Math.exp(k / 2)),
    );
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p) => {
          expect(percentile(values, p)).toBe(bruteForce(values, p));
        },
      ),
      { numRuns: 1_000, seed: 17 },
    );
  });

  it('skips null values and honours where, in the row of each window', () => {
    const job = testJob({
      measures: (m) => ({
        p50: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.5),
        p90_lag: m
          .from(meetingEvents)
          .percentile((e) => e.latency_ms, 0.9, { where: (e) => e.event_type === 'network_lag' }),
      }),
    });
    const rows = sortedRows(
      evaluate(
        job,
        [
          media('network_lag', 'm1', 'u1', 1_000, { latency_ms: 100 }),
          media('network_lag', 'm1', 'u2', 2_000, { latency_ms: null }),
          media('network_lag', 'm1', 'u2', 3_000, { latency_ms: 300 }),
          media('video_start', 'm1', 'u3', 4_000, { latency_ms: 200 }),
        ],
        { now: NOW },
      ).rows,
    );
    // p50 of 100, 200, 300 is 200; p90 of the lags 100, 300 is 100 + 0.9 × 200.
    expect(rows).toEqual([expect.objectContaining({ p50: 200, p90_lag: 280 })]);
  });

  it('refuses a fraction outside [0, 1] when the metric is defined', () => {
    expect(() =>
      testJob({ measures: (m) => ({ p: m.from(meetingEvents).percentile((e) => e.latency_ms, 95) }) }),
    ).toThrow(DslError);
  });
});
