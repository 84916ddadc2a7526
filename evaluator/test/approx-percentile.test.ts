import fc from 'fast-check';
import { evaluate } from '..';
import { DslError } from '../../dsl';
import { javaDoubleCompare, percentile } from '../src/percentile';
import { media, meetingEvents, NOW, sortedRows, testJob } from './helpers';

/** The sketch's measures the property checks: several fractions at the default error, one at a coarser one. */
const FRACTIONS = { p0: 0, p50: 0.5, p90: 0.9, p99: 0.99, p100: 1 } as const;
const job = testJob({
  measures: (m) => ({
    ...Object.fromEntries(
      Object.entries(FRACTIONS).map(([name, p]) => [
        name,
        m.from(meetingEvents).approxPercentile((e) => e.latency_ms, p),
      ]),
    ),
    p95_coarse: m.from(meetingEvents).approxPercentile((e) => e.latency_ms, 0.95, { relativeError: 0.05 }),
  }),
});
const MEASURES = [
  ...Object.entries(FRACTIONS).map(([name, fraction]) => ({ name, fraction, relativeError: 0.01 })),
  { name: 'p95_coarse', fraction: 0.95, relativeError: 0.05 },
];

/** A brute-force sort: the value at the lower nearest rank ⌊p × (n − 1)⌋, what the documented bound is against. */
function lowerRank(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort(javaDoubleCompare);
  return sorted[Math.floor(fraction * (sorted.length - 1))]!;
}

/** The documented bound (docs/SEMANTICS.md): relative error a, magnitudes under 1e-9 answered as 0. */
function withinBound(approx: number, exact: number, relativeError: number): boolean {
  if (Math.abs(exact) < 1e-9) return approx === 0;
  // The slack covers the rounding of log, exp and the division, not more.
  return Math.abs(approx - exact) <= relativeError * (1 + 1e-9) * Math.abs(exact);
}

describe('approxPercentile', () => {
  it('is within its relative error of the exact percentile over 1,000 random windows of long-tailed values', () => {
    const value = fc.oneof(
      { weight: 4, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: 0.001, max: 1e6 }) },
      // Long tails, as latencies have: a lognormal-like spread over sixteen decades, and a Pareto-like one.
      { weight: 3, arbitrary: fc.integer({ min: -15, max: 40 }).map((k) => Math.exp(k / 2)) },
      {
        weight: 2,
        arbitrary: fc.double({ min: 0.01, max: 1, noNaN: true }).map((u) => 5 / Math.pow(u, 1 / 1.2)),
      },
      { weight: 1, arbitrary: fc.constantFrom(0, -0, -3.5, -1e4) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    let windows = 0;
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 80 }), (values) => {
        const events = values.map((v, i) =>
          media('network_lag', 'm1', `u${i}`, 100 + i * 300, { latency_ms: v }),
        );
        const rows = evaluate(job, events, { now: NOW }).rows;
        expect(rows).toHaveLength(1);
        const row = rows[0]!.row as Record<string, number | null>;
        const present = values.filter((v): v is number => v !== null);
        for (const { name, fraction, relativeError } of MEASURES) {
          if (present.length === 0) {
            expect(row[name]).toBeNull();
            continue;
          }
          const approx = row[name]!;
          expect({
            name,
            values: present,
            approx,
            ok: withinBound(approx, lowerRank(present, fraction), relativeError),
          }).toEqual({ name, values: present, approx, ok: true });
          // And so, against the interpolated exact percentile: off by at most the error plus the gap to the next rank.
          const sorted = [...present].sort(javaDoubleCompare);
          const rank = fraction * (sorted.length - 1);
          const gap = sorted[Math.ceil(rank)]! - sorted[Math.floor(rank)]!;
          expect(Math.abs(approx - percentile(present, fraction)!)).toBeLessThanOrEqual(
            relativeError * (1 + 1e-9) * Math.abs(sorted[Math.floor(rank)]!) + gap + 1e-9,
          );
        }
        windows++;
      }),
      { numRuns: 1_000, seed: 17 },
    );
    expect(windows).toBeGreaterThanOrEqual(1_000);
  });

  it('skips null values, honours where, and is null for a window with no value', () => {
    const job = testJob({
      measures: (m) => ({
        p50: m.from(meetingEvents).approxPercentile((e) => e.latency_ms, 0.5),
        p90_lag: m
          .from(meetingEvents)
          .approxPercentile((e) => e.latency_ms, 0.9, { where: (e) => e.event_type === 'network_lag' }),
        p50_loss: m.from(meetingEvents).approxPercentile((e) => e.packet_loss_pct, 0.5),
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
    expect(rows).toHaveLength(1);
    const row = rows[0]! as Record<string, number | null>;
    // p50 of 100, 200, 300 is about 200; p90 of the lags 100, 300 is about 100 (the lower rank); no packet loss: null.
    expect(Math.abs(row.p50! - 200) / 200).toBeLessThanOrEqual(0.01);
    expect(Math.abs(row.p90_lag! - 100) / 100).toBeLessThanOrEqual(0.01);
    expect(row.p50_loss).toBeNull();
  });

  it('refuses a fraction outside [0, 1] and a relativeError outside [0.001, 0.5] when the metric is defined', () => {
    const define = (fraction: number, relativeError?: number) => () =>
      testJob({
        measures: (m) => ({
          p: m.from(meetingEvents).approxPercentile((e) => e.latency_ms, fraction, { relativeError }),
        }),
      });
    expect(define(95)).toThrow(DslError);
    expect(define(-0.1)).toThrow(DslError);
    expect(define(0.95, 0)).toThrow(DslError);
    expect(define(0.95, 0.0001)).toThrow(DslError);
    expect(define(0.95, 1)).toThrow(DslError);
    expect(define(0.95, NaN)).toThrow(DslError);
    expect(define(0.95, 0.001)).not.toThrow();
    expect(define(0.95, 0.5)).not.toThrow();
    expect(define(0.95)).not.toThrow();
  });
});
