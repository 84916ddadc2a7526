// Property tests of session windows (fast-check): with disorder within the watermark bound nothing is late and the
// sessions are exactly the brute-force sessions of the events (sorted per key, split where the next event is more
// than a gap after every earlier one); with any disorder and a maxDuration, every event is counted once (in a
// session or late), no session is longer than maxDuration, and no two rows of a key share both window_start and window_end.
import fc from 'fast-check';
import type { Duration } from '../../dsl';
import { session } from '../../dsl';
import type { InputRecord, Row } from '..';
import { evaluate } from '..';
import { chat, chatEvents, jobOver, NOW, sortedRows, T0 } from './helpers';

const BOUND_MS = 5_000; // maxOutOfOrder of chat_events in jobs/sources.ts

interface Spec {
  meeting: string;
  who: string;
  at: number;
  length: number;
}

const specArb = fc.record({
  meeting: fc.constantFrom('m1', 'm2', 'm3'),
  who: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
  // Whole seconds, so that windows often touch exactly (t = an earlier t + gap).
  at: fc.integer({ min: 0, max: 600 }).map((seconds) => seconds * 1_000),
  length: fc.integer({ min: 0, max: 1_000 }),
});

const record = (spec: Spec): InputRecord =>
  chat('message', spec.meeting, spec.who, spec.at, { message_length: spec.length });

const jobWith = (gap: Duration, maxDuration?: Duration) =>
  jobOver([chatEvents], {
    window: session(maxDuration ? { gap, maxDuration } : { gap }),
    measures: (m) => ({
      n: m.count(),
      users: m.countDistinct((e) => e.user_id),
      chars: m.from(chatEvents).sum((e) => e.message_length),
      longest: m.from(chatEvents).max((e) => e.message_length),
    }),
  });

/** Sessions computed from scratch: per key, events by time, a new session when one starts after the current end. */
function bruteForce(specs: readonly Spec[], gapMs: number): Row[] {
  const rows: Row[] = [];
  for (const meeting of [...new Set(specs.map((s) => s.meeting))].sort()) {
    const events = specs.filter((s) => s.meeting === meeting).sort((a, b) => a.at - b.at);
    let current: Spec[] = [];
    const close = () => {
      const start = current[0]!.at;
      const end = current[current.length - 1]!.at + gapMs;
      rows.push({
        meeting_id: meeting,
        window_start: T0 + start,
        window_end: T0 + end,
        n: current.length,
        users: new Set(current.map((s) => s.who)).size,
        chars: current.reduce((sum, s) => sum + s.length, 0),
        longest: Math.max(...current.map((s) => s.length)),
      });
    };
    for (const event of events) {
      // [t, t + gap) touches the session when t ≤ its end (Flink's TimeWindow.intersects).
      if (current.length > 0 && event.at > current[current.length - 1]!.at + gapMs) {
        close();
        current = [];
      }
      current.push(event);
    }
    if (current.length > 0) close();
  }
  return rows;
}

const GAPS: readonly [Duration, number][] = [
  ['10s', 10_000],
  ['30s', 30_000],
  ['1m', 60_000],
];

describe('session properties', () => {
  it('within the watermark bound: nothing is late and the sessions are the brute-force sessions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(specArb, fc.integer({ min: 0, max: BOUND_MS - 1 })), {
          minLength: 1,
          maxLength: 80,
        }),
        fc.constantFrom(...GAPS),
        (items, [gap, gapMs]) => {
          // Arriving in order of (event time + a jitter below the bound): every event within the bound of the newest.
          const arrival = [...items].sort((a, b) => a[0].at + a[1] - (b[0].at + b[1]));
          const result = evaluate(
            jobWith(gap),
            arrival.map(([spec]) => record(spec)),
            { now: NOW },
          );
          expect(result.counts.late).toEqual({ test_metric: 0 });
          const rows = sortedRows(result.rows).map(({ date: _date, ...row }) => row);
          expect(rows).toEqual(
            bruteForce(
              items.map(([spec]) => spec),
              gapMs,
            ),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('in any order, with a maxDuration: every event counted once, no session longer, no two rows with one start and end', () => {
    fc.assert(
      fc.property(
        fc.array(specArb, { minLength: 1, maxLength: 80 }),
        fc.constantFrom(...GAPS),
        fc.integer({ min: 2, max: 6 }),
        (specs, [gap, gapMs], times) => {
          const maxDuration = `${(gapMs * times) / 1000}s` as Duration;
          const result = evaluate(jobWith(gap, maxDuration), specs.map(record), { now: NOW });
          const rows = sortedRows(result.rows);
          const counted = rows.reduce((n, r) => n + (r.n as number), 0);
          expect(counted + result.counts.late.test_metric!).toBe(specs.length);
          for (const row of rows) {
            const span = (row.window_end as number) - (row.window_start as number);
            expect(span).toBeGreaterThan(0);
            expect(span).toBeLessThanOrEqual(gapMs * times);
          }
          const ids = rows.map(
            (r) => `${String(r.meeting_id)}@${String(r.window_start)}–${String(r.window_end)}`,
          );
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
