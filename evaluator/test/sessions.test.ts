// Session windows (docs/SEMANTICS.md "Sessions"), by hand: bounds, merging (bridging, touching, out of order), when
// an event is late, the maxDuration cut, the order merged sums are added in, and presence over sessions.
import { session } from '../../dsl';
import { evaluate, JobEvaluator, rowDifferences } from '..';
import {
  chat,
  chatEvents,
  jobOver,
  media,
  meetingEvents,
  NOW,
  sortedRows,
  T0,
  testJob,
  user,
} from './helpers';

const s = 1_000;
/** Chat only (one source: the watermark is the newest message − 5.001 s), a 60 s gap, maybe cut. */
const sessions = (maxDuration?: '3m') =>
  jobOver([chatEvents], {
    window: session(maxDuration ? { gap: '1m', maxDuration } : { gap: '1m' }),
    measures: (m) => ({ n: m.count(), length: m.from(chatEvents).sum((e) => e.message_length) }),
    derived: { minutes: (_m, w) => w.seconds / 60 },
  });
const bounds = (rows: ReturnType<typeof sortedRows>) =>
  rows.map((r) => [
    r.meeting_id,
    ((r.window_start as number) - T0) / s,
    ((r.window_end as number) - T0) / s,
    r.n,
  ]);

describe('session windows', () => {
  it('opens [t, t + gap) per event and grows a session while events come within the gap', () => {
    const rows = sortedRows(
      evaluate(
        sessions(),
        [
          chat('message', 'm1', 'u1', 0),
          chat('message', 'm1', 'u1', 50 * s),
          chat('message', 'm2', 'u1', 55 * s),
          chat('message', 'm1', 'u1', 200 * s),
        ],
        { now: NOW },
      ).rows,
    );
    expect(bounds(rows)).toEqual([
      ['m1', 0, 110, 2],
      ['m1', 200, 260, 1],
      ['m2', 55, 115, 1],
    ]);
    expect(rows[0]).toMatchObject({ minutes: 110 / 60, length: 20, date: '2026-11-25' });
  });

  it('merges windows that only touch (Flink’s TimeWindow.intersects), and not one millisecond apart', () => {
    const rows = sortedRows(
      evaluate(
        sessions(),
        [
          chat('message', 'm1', 'u1', 0),
          chat('message', 'm1', 'u1', 60 * s),
          chat('message', 'm2', 'u1', 0),
          chat('message', 'm2', 'u1', 60 * s + 1),
        ],
        { now: NOW },
      ).rows,
    );
    expect(bounds(rows)).toEqual([
      ['m1', 0, 120, 2],
      ['m2', 0, 60, 1],
      ['m2', 60.001, 120.001, 1],
    ]);
  });

  it('merges two open sessions an out-of-order event bridges, adding the earlier session’s sum first', () => {
    const rows = sortedRows(
      evaluate(
        sessions(),
        [
          chat('message', 'm1', 'u1', 0, { message_length: 1 }),
          chat('message', 'm1', 'u1', 62 * s, { message_length: 2 }), // [62 s, 122 s): 2 s apart from [0, 60 s)
          chat('message', 'm1', 'u1', 30 * s, { message_length: 4 }), // watermark 56.999 s: both open; bridges
        ],
        { now: NOW },
      ).rows,
    );
    expect(bounds(rows)).toEqual([['m1', 0, 122, 3]]);
    expect(rows[0]!.length).toBe(7);
  });

  it('adds merged sums as the earliest session’s, then the others’ in order of start, then the event: the last bit shows it', () => {
    const job = jobOver([meetingEvents], {
      window: session({ gap: '1m' }),
      measures: (m) => ({ loss: m.from(meetingEvents).sum((e) => e.packet_loss_pct), n: m.count() }),
    });
    const rows = evaluate(
      job,
      [
        media('network_lag', 'm1', 'u1', 62 * s, { packet_loss_pct: 0.2 }), // [62 s, 122 s)
        media('network_lag', 'm1', 'u1', 0, { packet_loss_pct: 0.1 }), // [0, 60 s): watermark 56.999 s, open
        media('network_lag', 'm1', 'u1', 64 * s, { packet_loss_pct: 0.3 }), // joins [62 s, 124 s): 0.2 + 0.3
        media('video_start', 'm1', 'u2', 30 * s), // bridges them: 0.1 + (0.2 + 0.3)
      ],
      { now: NOW },
    ).rows.map((r) => r.row);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ window_start: T0, window_end: T0 + 124 * s, n: 4 });
    // In arrival order it would be (0.2 + 0.1) + 0.3 = 0.6000000000000001.
    expect(rows[0]!.loss).toBe(0.1 + (0.2 + 0.3));
    expect(rows[0]!.loss).not.toBe(0.2 + 0.1 + 0.3);
  });

  it('counts an event late when it joins no open session and its own window is behind the watermark', () => {
    const evaluator = new JobEvaluator(sessions(), { now: NOW });
    evaluator.push(chat('message', 'm1', 'u1', 0)); // [0, 60 s)
    evaluator.push(chat('message', 'm1', 'u1', 70 * s)); // watermark 64.999 s: [0, 60 s) fires
    expect(evaluator.rows).toHaveLength(1);
    evaluator.push(chat('message', 'm1', 'u1', 4 * s)); // own window [4 s, 64 s) fired: late
    evaluator.push(chat('message', 'm1', 'u1', 6 * s)); // own window [6 s, 66 s) open, joins nothing: new session
    evaluator.push(chat('message', 'm2', 'u1', 1 * s)); // another key, [1 s, 61 s) behind: late
    const result = evaluator.finish();
    expect(result.counts.late).toEqual({ test_metric: 2 });
    // [6 s, 66 s) overlaps the session that fired: that one is gone, as in Flink's window operator.
    expect(bounds(sortedRows(result.rows))).toEqual([
      ['m1', 0, 60, 1],
      ['m1', 6, 66, 1],
      ['m1', 70, 130, 1],
    ]);
  });

  it('does not count an event late whose own window is behind the watermark but that merges into an open session', () => {
    const evaluator = new JobEvaluator(sessions(), { now: NOW });
    evaluator.push(chat('message', 'm1', 'u1', 100 * s)); // [100 s, 160 s)
    evaluator.push(chat('message', 'm1', 'u1', 140 * s)); // [100 s, 200 s); watermark 134.999 s
    evaluator.push(chat('message', 'm1', 'u1', 70 * s)); // own window [70 s, 130 s) is behind; it touches the session
    const result = evaluator.finish();
    expect(result.counts.late).toEqual({ test_metric: 0 });
    expect(bounds(sortedRows(result.rows))).toEqual([['m1', 70, 200, 3]]);
  });

  it('may give a key a second session with the start of one that fired, as Flink does (never the same end)', () => {
    const evaluator = new JobEvaluator(sessions(), { now: NOW });
    evaluator.push(chat('message', 'm1', 'u1', 0)); // [0, 60 s)
    evaluator.push(chat('message', 'm1', 'u1', 66 * s)); // watermark 60.999 s: [0, 60 s) fires
    evaluator.push(chat('message', 'm1', 'u1', 30 * s)); // [30 s, 90 s) is open: merges with [66 s, 126 s)
    evaluator.push(chat('message', 'm1', 'u1', 0)); // own window fired, but it touches [30 s, 126 s): not late
    const result = evaluator.finish();
    expect(result.counts.late).toEqual({ test_metric: 0 });
    expect(bounds(sortedRows(result.rows))).toEqual([
      ['m1', 0, 60, 1],
      ['m1', 0, 126, 3],
    ]);
    // The differential tests tell the two apart by their ends.
    const rows = result.rows.map((r) => r.row);
    const identity = { id: 'test_metric', key: 'meeting_id', window: { kind: 'session' } };
    expect(rowDifferences(rows, [...rows].reverse(), identity)).toEqual([]);
    expect(rowDifferences(rows.slice(1), rows.slice(0, 1), identity)).not.toEqual([]);
  });

  it('cuts a session at maxDuration: a hull longer than it does not form, later events open the next session', () => {
    const rows = sortedRows(
      evaluate(
        sessions('3m'),
        // Every 20 s from 0 to 400 s: 21 events, 7 minutes of activity.
        Array.from({ length: 21 }, (_, i) => chat('message', 'm1', 'u1', i * 20 * s)),
        { now: NOW },
      ).rows,
    );
    // Up to 120 s the hull is at most 180 s; 140 s and 160 s would stretch it past 180 s, so they join [0, 180 s) as
    // it is; 180 s touches it but lies outside: the next session, and so on.
    expect(bounds(rows)).toEqual([
      ['m1', 0, 180, 9],
      ['m1', 180, 360, 9],
      ['m1', 360, 460, 3],
    ]);
    for (const row of rows)
      expect((row.window_end as number) - (row.window_start as number)).toBeLessThanOrEqual(180 * s);
  });

  it('keeps presence across sessions: the gauge at a session’s end counts members of earlier sessions', () => {
    const job = testJob({
      window: session({ gap: '1m' }),
      measures: (m) => ({
        present: m.presence({
          member: (e) => e.user_id,
          joins: (e) => e.event_type === 'join',
          leaves: (e) => e.event_type === 'leave',
          ttl: '1h',
        }),
      }),
    });
    const rows = sortedRows(
      evaluate(
        job,
        [
          // Only user events: the other sources are idle and do not hold the watermark.
          user('join', 'm1', 'u1', 0),
          user('join', 'm1', 'u2', 10 * s), // [0, 70 s)
          user('leave', 'm1', 'u2', 200 * s), // watermark 194.999 s: [0, 70 s) fires with u1 and u2 present
        ],
        { now: NOW },
      ).rows,
    );
    expect(rows.map((r) => [((r.window_start as number) - T0) / s, r.present])).toEqual([
      [0, 2],
      [200, 1], // u1 from the earlier session, u2 left
    ]);
  });
});
