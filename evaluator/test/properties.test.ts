// Property tests of the reference semantics (fast-check): disorder within the watermark bound never changes the
// rows; sliding and cumulating rows equal a brute-force recomputation; every input is accounted for.
import fc from 'fast-check';
import { cumulate, sliding } from '../../dsl';
import meetingMetrics30s from '../../jobs/meeting_metrics_30s';
import meetingTrends60s from '../../jobs/meeting_trends_60s';
import type { InputRecord, Row } from '..';
import { evaluate } from '..';
import {
  chat,
  chatEvents,
  media,
  meetingEvents,
  NOW,
  sortedRows,
  T0,
  testJob,
  user,
  userEvents,
} from './helpers';

const BOUND_MS = 5_000; // maxOutOfOrder of every source in jobs/sources.ts

type Kind =
  'join' | 'leave' | 'message' | 'reaction' | 'emoji' | 'video_start' | 'screen_share' | 'network_lag';
const KINDS: Kind[] = [
  'join',
  'leave',
  'message',
  'reaction',
  'emoji',
  'video_start',
  'screen_share',
  'network_lag',
];

interface Spec {
  kind: Kind;
  meeting: string;
  who: string;
  at: number;
  size: number;
  latency: number | null;
}

const specArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  meeting: fc.constantFrom('m1', 'm2', 'm3'),
  who: fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5'),
  at: fc.integer({ min: 0, max: 240_000 }),
  size: fc.integer({ min: 0, max: 500 }),
  latency: fc.option(fc.double({ min: 0, max: 1_000, noNaN: true }), { nil: null }),
});

function toRecord(s: Spec): InputRecord {
  switch (s.kind) {
    case 'join':
    case 'leave':
      return user(s.kind, s.meeting, s.who, s.at);
    case 'message':
    case 'reaction':
    case 'emoji':
      return chat(s.kind, s.meeting, s.who, s.at, { message_length: s.size });
    default:
      return media(s.kind, s.meeting, s.who, s.at, {
        latency_ms: s.latency,
        packet_loss_pct: s.latency === null ? null : s.size / 100,
      });
  }
}

const timeOf = (r: InputRecord) => (r.value as { timestamp: number }).timestamp;

/** Rows equal, doubles within 1e-9 (relative): summation order may differ between arrival orders. */
function closeRows(actual: Row[], expected: Row[]): void {
  const differences: string[] = [];
  if (actual.length !== expected.length)
    differences.push(`${actual.length} rows, expected ${expected.length}`);
  actual.forEach((row, i) => {
    const other = expected[i] ?? {};
    if (Object.keys(row).join() !== Object.keys(other).join())
      differences.push(`row ${i}: columns ${Object.keys(row).join()}`);
    for (const [column, value] of Object.entries(row)) {
      const want = other[column];
      const same =
        typeof value === 'number' && typeof want === 'number'
          ? Math.abs(value - want) <= 1e-9 * Math.max(1, Math.abs(want))
          : value === want;
      if (!same) differences.push(`row ${i} ${column}: ${String(value)}, expected ${String(want)}`);
    }
  });
  expect(differences).toEqual([]);
}

/** The measures {@link bruteForceRow} computes. */
const bruteForceMeasures: Parameters<typeof testJob>[0]['measures'] = (m) => ({
  n: m.count(),
  users: m.countDistinct((e) => e.user_id),
  chars: m.from(chatEvents).sum((e) => e.message_length),
  avg_latency: m.from(meetingEvents).avg((e) => e.latency_ms),
  max_latency: m.from(meetingEvents).max((e) => e.latency_ms),
  present: m.from(userEvents).presence({
    member: (e) => e.user_id,
    joins: (e) => e.event_type === 'join',
    leaves: (e) => e.event_type === 'leave',
    ttl: '2m',
  }),
});

/**
 * The row of [start, end) for one meeting, by brute force from its (accepted) events: the measures of the sliding and
 * cumulating property tests, presence from every join and leave before the end.
 */
function bruteForceRow(meeting: string, start: number, end: number, events: readonly Spec[]) {
  const inside = events.filter((s) => s.at >= start && s.at < end);
  const latencies = inside
    .filter((s) => ['video_start', 'screen_share', 'network_lag'].includes(s.kind))
    .map((s) => s.latency)
    .filter((l): l is number => l !== null);
  const newest = new Map<string, Spec>();
  for (const s of events.filter((s) => (s.kind === 'join' || s.kind === 'leave') && s.at < end)) {
    const seen = newest.get(s.who);
    if (!seen || s.at > seen.at || (s.at === seen.at && s.kind === 'leave')) newest.set(s.who, s);
  }
  return {
    meeting_id: meeting,
    window_start: T0 + start,
    window_end: T0 + end,
    n: inside.length,
    users: new Set(inside.map((s) => s.who)).size,
    chars: inside
      .filter((s) => ['message', 'reaction', 'emoji'].includes(s.kind))
      .reduce((sum, s) => sum + s.size, 0),
    avg_latency: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null,
    max_latency: latencies.length ? Math.max(...latencies) : null,
    present: [...newest.values()].filter((s) => s.kind === 'join' && end - s.at < 120_000).length,
    date: new Date(T0 + start).toISOString().slice(0, 10),
  };
}

describe('properties', () => {
  it('disorder within the watermark bound never changes the rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(specArb, fc.integer({ min: 0, max: BOUND_MS - 1 })), {
          minLength: 1,
          maxLength: 80,
        }),
        (items) => {
          const inOrder = items
            .map(([spec, jitter]) => ({ record: toRecord(spec), jitter }))
            .sort((a, b) => timeOf(a.record) - timeOf(b.record));
          // Arriving in order of (event time + a jitter below the bound) keeps every event within the bound of the newest.
          const shuffled = [...inOrder].sort(
            (a, b) => timeOf(a.record) + a.jitter - (timeOf(b.record) + b.jitter),
          );
          for (const job of [meetingMetrics30s, meetingTrends60s]) {
            const ordered = evaluate(
              job,
              inOrder.map((x) => x.record),
              { now: NOW },
            );
            const disordered = evaluate(
              job,
              shuffled.map((x) => x.record),
              { now: NOW },
            );
            expect(disordered.counts.late).toEqual(ordered.counts.late);
            expect(Object.values(ordered.counts.late)).toEqual([0]);
            closeRows(sortedRows(disordered.rows), sortedRows(ordered.rows));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('sliding rows equal a brute-force recomputation from the raw events', () => {
    const job = testJob({
      window: sliding({ size: '60s', slide: '15s' }),
      measures: bruteForceMeasures,
    });
    fc.assert(
      fc.property(fc.array(specArb, { minLength: 1, maxLength: 60 }), (specs) => {
        const sorted = [...specs].sort((a, b) => a.at - b.at);
        const rows = sortedRows(evaluate(job, sorted.map(toRecord), { now: NOW }).rows);
        const expected: Row[] = [];
        for (const meeting of ['m1', 'm2', 'm3']) {
          const events = sorted.filter((s) => s.meeting === meeting);
          const starts = new Set(
            events.flatMap((s) => [0, 1, 2, 3].map((k) => Math.floor(s.at / 15_000) * 15_000 - k * 15_000)),
          );
          for (const start of [...starts].sort((a, b) => a - b))
            expected.push(bruteForceRow(meeting, start, start + 60_000, events));
        }
        closeRows(rows, expected);
      }),
      { numRuns: 150 },
    );
  });

  it('cumulating rows equal a brute-force computation over the accepted events of each step window', () => {
    const STEP = 15_000;
    const MAX = 60_000;
    const job = testJob({
      window: cumulate({ step: '15s', max: '1m' }),
      measures: bruteForceMeasures,
      derived: { seconds: (_m, w) => w.seconds },
    });
    const topicOf = (s: Spec) =>
      s.kind === 'join' || s.kind === 'leave'
        ? 'user_events'
        : ['message', 'reaction', 'emoji'].includes(s.kind)
          ? 'chat_events'
          : 'meeting_events';
    fc.assert(
      fc.property(
        // Arrival = event time + a delay up to four times the watermark bound: out of order, and some late.
        fc.array(fc.tuple(specArb, fc.integer({ min: 0, max: 4 * BOUND_MS })), {
          minLength: 1,
          maxLength: 60,
        }),
        (items) => {
          const arrival = items
            .map(([spec, delay], i) => ({ spec, arrives: spec.at + delay, i }))
            .sort((a, b) => a.arrives - b.arrives || a.i - b.i)
            .map((x) => x.spec);
          const result = evaluate(job, arrival.map(toRecord), { now: NOW });
          // Brute force: the watermark (SEMANTICS.md) decides which events are late; then every step window.
          const newestPerTopic = new Map<string, number>();
          let watermark = Number.NEGATIVE_INFINITY;
          const accepted: Spec[] = [];
          for (const s of arrival) {
            const stepStart = Math.floor(s.at / STEP) * STEP;
            if (!(stepStart + STEP - 1 <= watermark)) accepted.push(s);
            newestPerTopic.set(topicOf(s), Math.max(newestPerTopic.get(topicOf(s)) ?? -Infinity, s.at));
            watermark = Math.max(watermark, Math.min(...newestPerTopic.values()) - BOUND_MS - 1);
          }
          expect(result.counts.late.test_metric).toBe(arrival.length - accepted.length);
          const expected: Row[] = [];
          for (const meeting of ['m1', 'm2', 'm3']) {
            const events = accepted.filter((s) => s.meeting === meeting);
            const starts = [...new Set(events.map((s) => Math.floor(s.at / MAX) * MAX))].sort(
              (a, b) => a - b,
            );
            for (const start of starts) {
              for (let end = start + STEP; end <= start + MAX; end += STEP) {
                // A window holding none of the key's accepted events writes no row.
                if (!events.some((s) => s.at >= start && s.at < end)) continue;
                const { date, ...row } = bruteForceRow(meeting, start, end, events);
                expected.push({ ...row, seconds: (end - start) / 1000, date });
              }
            }
          }
          closeRows(sortedRows(result.rows), expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts every valid event in a row or as late, and dead-letters every invalid one', () => {
    const job = testJob({ measures: (m) => ({ n: m.count() }) });
    const invalid = fc.constantFrom<[string, (r: InputRecord) => InputRecord]>(
      ['bad-enum', (r) => ({ ...r, value: { ...(r.value as object), event_type: 'unknown_kind' } })],
      ['missing-field', (r) => ({ ...r, value: { ...(r.value as object), event_id: undefined } })],
      ['null-key', (r) => ({ ...r, value: { ...(r.value as object), meeting_id: '' } })],
      [
        'timestamp-out-of-bounds',
        (r) => ({ ...r, value: { ...(r.value as object), timestamp: NOW + 86_400_000 } }),
      ],
      ['wrong-type', (r) => ({ ...r, value: { ...(r.value as object), user_id: 42 } })],
      [
        'not-confluent-framed',
        (r) => ({
          topic: r.topic,
          partition: r.partition,
          offset: r.offset,
          bytes: Buffer.from('{"json":true}'),
        }),
      ],
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(specArb, fc.option(invalid, { nil: null, freq: 4 })), {
          minLength: 1,
          maxLength: 100,
        }),
        (items) => {
          // Arbitrary arrival order: many events are late.
          const records = items.map(([spec, breaker]) => ({
            record: breaker ? breaker[1](toRecord(spec)) : toRecord(spec),
            reason: breaker?.[0] ?? null,
          }));
          const result = evaluate(
            job,
            records.map((r) => r.record),
            { now: NOW },
          );
          const expectedDead = records.filter((r) => r.reason !== null);
          expect(result.deadLetters.map((d) => [d.reason, d.record])).toEqual(
            expectedDead.map((r) => [r.reason, r.record]),
          );
          const counted = result.rows.reduce((sum, r) => sum + (r.row.n as number), 0);
          expect(counted + (result.counts.late.test_metric ?? 0)).toBe(records.length - expectedDead.length);
          expect(result.counts.accepted).toBe(records.length - expectedDead.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
