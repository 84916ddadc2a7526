// Composite keys: each part its own column, groups by every part (a part holding the separator or quotes does not
// merge two keys), presence and percentiles per composite key, and rows of another engine paired by every part.
import fc from 'fast-check';
import { describeKey, DslError, encodeKey, keyOf, sliding } from '../../dsl';
import { evaluate, rowDifferences } from '..';
import type { Row } from '..';
import { media, meetingEvents, NOW, sortedRows, T0, testJob, user, userEvents } from './helpers';

describe('composite keys', () => {
  it('encode injectively as a JSON array; a single-field key stays its value', () => {
    expect(encodeKey(['org_id', 'meeting_id'], ['a,b', 'c'])).toBe('["a,b","c"]');
    expect(encodeKey(['org_id', 'meeting_id'], ['a', 'b,c'])).toBe('["a","b,c"]');
    expect(encodeKey(['org_id', 'meeting_id'], ['a"', '\\'])).toBe('["a\\"","\\\\"]');
    expect(encodeKey('meeting_id', ['m1'])).toBe('m1');
    expect(keyOf(['org_id', 'meeting_id'], { org_id: 'o', meeting_id: 'm', user_id: 'u' })).toBe('["o","m"]');
    expect(describeKey(['org_id', 'meeting_id'])).toBe('[org_id, meeting_id]');
  });

  it('encode two lists of parts to one string only when the parts are equal (1,000 random pairs)', () => {
    const part = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.constantFrom(',', '"', '\\', '","', '[', ']', '\n'),
    );
    const parts = fc.array(
      fc.oneof(
        part,
        part.map((p) => `${p},${p}`),
      ),
      { minLength: 2, maxLength: 3 },
    );
    const key = ['a', 'b', 'c'];
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const same = a.length === b.length && a.every((p, i) => p === b[i]);
        expect(encodeKey(key.slice(0, a.length), a) === encodeKey(key.slice(0, b.length), b)).toBe(same);
        expect(JSON.parse(encodeKey(key.slice(0, a.length), a))).toEqual(a);
      }),
      { numRuns: 1_000, seed: 5 },
    );
  });

  it('give one row per (org_id, meeting_id) with each part in its column, presence and percentile per key', () => {
    const job = testJob({
      key: ['org_id', 'meeting_id'],
      measures: (m) => ({
        present: m.from(userEvents).presence({
          member: (e) => e.user_id,
          joins: (e) => e.event_type === 'join',
          leaves: (e) => e.event_type === 'leave',
          ttl: '4h',
        }),
        p50: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.5),
      }),
    });
    const rows = sortedRows(
      evaluate(
        job,
        [
          user('join', 'c', 'u1', 1_000, { org_id: 'a,b' }),
          user('join', 'b,c', 'u2', 2_000, { org_id: 'a' }),
          user('join', 'b,c', 'u3', 3_000, { org_id: 'a' }),
          media('network_lag', 'c', 'u1', 4_000, { org_id: 'a,b', latency_ms: 10 }),
          media('network_lag', 'b,c', 'u2', 5_000, { org_id: 'a', latency_ms: 30 }),
          media('network_lag', 'b,c', 'u2', 6_000, { org_id: 'a', latency_ms: 50 }),
          // Next window: presence carried per composite key.
          user('leave', 'b,c', 'u2', 31_000, { org_id: 'a' }),
        ],
        { now: NOW },
      ).rows,
    );
    const shape = (r: Row) => [r.org_id, r.meeting_id, (r.window_start as number) - T0, r.present, r.p50];
    expect(rows.map(shape).sort()).toEqual(
      [
        ['a', 'b,c', 0, 2, 40],
        ['a', 'b,c', 30_000, 1, null],
        ['a,b', 'c', 0, 1, 10],
      ].sort(),
    );
    expect(Object.keys(rows[0]!).slice(0, 4)).toEqual(['org_id', 'meeting_id', 'window_start', 'window_end']);
  });

  it('work in sliding windows', () => {
    const job = testJob({
      key: ['meeting_id', 'user_id'],
      window: sliding({ size: '20s', slide: '10s' }),
      measures: (m) => ({ events: m.count() }),
    });
    const rows = sortedRows(
      evaluate(
        job,
        [
          media('video_start', 'm1', 'u1', 5_000),
          media('video_start', 'm1', 'u2', 6_000),
          media('video_start', 'm1', 'u1', 15_000),
        ],
        { now: NOW },
      ).rows,
    );
    const shape = (r: Row) =>
      `${String(r.meeting_id)}/${String(r.user_id)}@${(r.window_start as number) - T0}=${String(r.events)}`;
    expect(rows.map(shape).sort()).toEqual(
      ['m1/u1@-10000=1', 'm1/u1@0=2', 'm1/u1@10000=1', 'm1/u2@-10000=1', 'm1/u2@0=1'].sort(),
    );
  });

  it('pair rows of another engine by every key field', () => {
    const metric = { id: 'org_meetings', key: ['org_id', 'meeting_id'] as const };
    const row = (org: string, meeting: string, events: number): Row => ({
      org_id: org,
      meeting_id: meeting,
      window_start: 0,
      events,
    });
    expect(
      rowDifferences(
        [row('a', 'b,c', 1), row('a,b', 'c', 2)],
        [row('a,b', 'c', 2), row('a', 'b,c', 1)],
        metric,
      ),
    ).toEqual([]);
    expect(rowDifferences([row('a', 'b,c', 1)], [row('a,b', 'c', 1)], metric)).toEqual([
      'org_meetings ["a","b,c"] @0: only from Flink',
      'org_meetings ["a,b","c"] @0: only from the evaluator',
    ]);
  });

  it('refuse an empty key and a field named twice when the metric is defined', () => {
    const measures = (m: Parameters<Parameters<typeof testJob>[0]['measures']>[0]) => ({ events: m.count() });
    expect(() => testJob({ key: [] as unknown as ['org_id'], measures })).toThrow(
      new DslError('empty-key', 'metric test_metric: the key names no field'),
    );
    expect(() => testJob({ key: ['org_id', 'meeting_id', 'org_id'], measures })).toThrow(
      new DslError('duplicate-key-field', "metric test_metric: key field 'org_id' is named twice"),
    );
    expect(() => testJob({ key: ['org_id', 'events'] as unknown as ['org_id'], measures })).toThrow(
      expect.objectContaining({ code: 'duplicate-column' }),
    );
  });
});
