// first/last: the value of the window's earliest/latest event by event time, ties by arrival, nulls skipped; in
// tumbling and sliding windows. Rows worked out by hand, then a property against a brute force over random windows.
import fc from 'fast-check';
import { sliding } from '../../dsl';
import { evaluate } from '..';
import type { Row } from '..';
import { chat, media, meetingEvents, NOW, sortedRows, T0, testJob, user, userEvents } from './helpers';

describe('first and last', () => {
  it('pick by event time, ties by arrival (first: the earlier, last: the later), skipping nulls and where', () => {
    const job = testJob({
      measures: (m) => ({
        first_latency: m.from(meetingEvents).first((e) => e.latency_ms),
        last_latency: m.from(meetingEvents).last((e) => e.latency_ms),
        last_lag_user: m
          .from(meetingEvents)
          .last((e) => e.user_id, { where: (e) => e.event_type === 'network_lag' }),
        first_is_join: m.from(userEvents).first((e) => e.event_type === 'join'),
        first_user: m.first((e) => e.user_id),
      }),
    });
    const rows = sortedRows(
      evaluate(
        job,
        [
          media('network_lag', 'm1', 'u1', 5_000, { latency_ms: 50 }),
          media('network_lag', 'm1', 'u2', 5_000, { latency_ms: 60 }), // ties u1's: last takes it, first keeps 50
          media('network_lag', 'm1', 'u3', 3_000, { latency_ms: null }), // earliest, but null: skipped
          media('video_start', 'm1', 'u4', 4_000, { latency_ms: 40 }), // arrives late within the bound: first
          media('video_start', 'm1', 'u5', 5_000, { latency_ms: 70 }), // ties again, arrives last: last
          user('leave', 'm1', 'u6', 2_000),
          user('join', 'm1', 'u7', 2_000),
        ],
        { now: NOW },
      ).rows,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        first_latency: 40,
        last_latency: 70,
        last_lag_user: 'u2',
        first_is_join: false,
        first_user: 'u6',
      }),
    ]);
  });

  it('are null in a window with no value to pick', () => {
    const job = testJob({
      measures: (m) => ({
        messages: m.count(),
        first_latency: m.from(meetingEvents).first((e) => e.latency_ms),
        last_emoji: m.last((e) => (e.event_type === 'emoji' ? 'x' : null)),
      }),
    });
    const rows = sortedRows(evaluate(job, [chat('message', 'm1', 'u1', 1_000)], { now: NOW }).rows);
    expect(rows).toEqual([expect.objectContaining({ messages: 1, first_latency: null, last_emoji: null })]);
  });

  it('in sliding windows, each window picks among its own events', () => {
    const job = testJob({
      window: sliding({ size: '30s', slide: '10s' }),
      measures: (m) => ({
        first_latency: m.from(meetingEvents).first((e) => e.latency_ms),
        last_latency: m.from(meetingEvents).last((e) => e.latency_ms),
      }),
    });
    const rows = sortedRows(
      evaluate(
        job,
        [
          media('network_lag', 'm1', 'u1', 5_000, { latency_ms: 1 }),
          media('network_lag', 'm1', 'u1', 15_000, { latency_ms: 2 }),
          media('network_lag', 'm1', 'u1', 15_000, { latency_ms: 3 }),
          media('network_lag', 'm1', 'u1', 25_000, { latency_ms: 4 }),
        ],
        { now: NOW },
      ).rows,
    );
    const at = (row: Row) => [(row.window_start as number) - T0, row.first_latency, row.last_latency];
    expect(rows.map(at)).toEqual([
      [-20_000, 1, 1],
      [-10_000, 1, 3],
      [0, 1, 4],
      [10_000, 2, 4],
      [20_000, 4, 4],
    ]);
  });

  it('equal a brute force over the accepted events sorted by (time, arrival), in 300 random streams', () => {
    const stream = fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 89_999 }),
        // Arrival order is time plus up to 4 s: disordered, but within the sources' 5 s bound, so none is late.
        delay: fc.integer({ min: 0, max: 4_000 }),
        latency: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
        meeting: fc.constantFrom('m1', 'm2'),
      }),
      { maxLength: 40 },
    );
    const measures = (m: Parameters<Parameters<typeof testJob>[0]['measures']>[0]) => ({
      first: m.from(meetingEvents).first((e) => e.latency_ms),
      last: m.from(meetingEvents).last((e) => e.latency_ms),
    });
    const windows = [
      { job: testJob({ measures }), size: 30_000, slide: 30_000 },
      {
        job: testJob({ measures, window: sliding({ size: '30s', slide: '10s' }) }),
        size: 30_000,
        slide: 10_000,
      },
    ];
    fc.assert(
      fc.property(stream, (events) => {
        const arrivals = events
          .map((e, i) => ({ ...e, i }))
          .sort((a, b) => a.at + a.delay - (b.at + b.delay) || a.i - b.i)
          .map((e, arrival) => ({ ...e, arrival }));
        const records = arrivals.map((e) =>
          media('network_lag', e.meeting, `u${e.arrival}`, e.at, { latency_ms: e.latency }),
        );
        for (const { job, size, slide } of windows) {
          const rows = evaluate(job, records, { now: NOW }).rows.map((r) => r.row);
          // Every (meeting, window) with an event has a row, and each row picks from its own events.
          const expectedWindows = new Set(
            arrivals.flatMap((e) =>
              Array.from(
                { length: size / slide },
                (_, k) => Math.floor(e.at / slide) * slide - k * slide,
              ).map((start) => `${e.meeting}@${start}`),
            ),
          );
          expect(rows.length).toBe(expectedWindows.size);
          for (const row of rows) {
            const start = (row.window_start as number) - T0;
            const picked = arrivals
              .filter((e) => e.meeting === row.meeting_id && e.at >= start && e.at < start + size)
              .filter((e) => e.latency !== null)
              .sort((a, b) => a.at - b.at || a.arrival - b.arrival);
            expect({ first: row.first, last: row.last }).toEqual({
              first: picked[0]?.latency ?? null,
              last: picked[picked.length - 1]?.latency ?? null,
            });
          }
        }
      }),
      { numRuns: 300, seed: 23 },
    );
  });
});
