import { evaluate } from '..';
import { chat, NOW, sortedRows, T0, testJob, user, userEvents } from './helpers';
import { sliding } from '../../dsl';

const presenceJob = (ttl: '4h' | '1m', window = {}) =>
  testJob({
    ...window,
    measures: (m) => ({
      present: m.from(userEvents).presence({
        member: (e) => e.user_id,
        joins: (e) => e.event_type === 'join',
        leaves: (e) => e.event_type === 'leave',
        ttl,
      }),
    }),
  });

const presentByWindow = (rows: ReturnType<typeof sortedRows>) =>
  rows.map((r) => [((r.window_start as number) - T0) / 1000, r.present]);

describe('presence', () => {
  it('carries members across windows until they leave', () => {
    const rows = sortedRows(
      evaluate(
        presenceJob('4h'),
        [
          user('join', 'm1', 'u1', 1_000),
          user('join', 'm1', 'u2', 2_000),
          chat('message', 'm1', 'u1', 35_000), // a window with no join or leave still samples presence
          user('leave', 'm1', 'u1', 65_000),
        ],
        { now: NOW },
      ).rows,
    );
    expect(presentByWindow(rows)).toEqual([
      [0, 2],
      [30, 2],
      [60, 1],
    ]);
  });

  it('forgets a join older than the TTL without a leave', () => {
    const rows = sortedRows(
      evaluate(
        presenceJob('1m'),
        [
          user('join', 'm1', 'u1', 1_000),
          chat('message', 'm1', 'u2', 45_000),
          chat('message', 'm1', 'u2', 61_500),
        ],
        { now: NOW },
      ).rows,
    );
    // At 30 s and 60 s the join (1 s) is younger than a minute; at 90 s it is 89 s old.
    expect(presentByWindow(rows)).toEqual([
      [0, 1],
      [30, 1],
      [60, 0],
    ]);
  });

  it('orders a join and a leave by event time, not arrival, with a leave winning a tie', () => {
    const rows = sortedRows(
      evaluate(
        presenceJob('4h'),
        [
          user('leave', 'm1', 'u1', 3_000),
          user('join', 'm1', 'u1', 1_000),
          user('join', 'm1', 'u2', 2_000),
          user('leave', 'm1', 'u2', 2_000),
        ],
        { now: NOW },
      ).rows,
    );
    expect(presentByWindow(rows)).toEqual([[0, 0]]);
  });

  it('is kept per key', () => {
    const rows = sortedRows(
      evaluate(
        presenceJob('4h'),
        [user('join', 'm1', 'u1', 1_000), user('join', 'm2', 'u1', 1_000), user('leave', 'm2', 'u1', 2_000)],
        {
          now: NOW,
        },
      ).rows,
    );
    expect(rows.map((r) => [r.meeting_id, r.present])).toEqual([
      ['m1', 1],
      ['m2', 0],
    ]);
  });

  it('samples at each sliding window end', () => {
    const rows = sortedRows(
      evaluate(
        presenceJob('4h', { window: sliding({ size: '30s', slide: '15s' }) }),
        [user('join', 'm1', 'u1', 1_000), user('leave', 'm1', 'u1', 20_000)],
        {
          now: NOW,
        },
      ).rows,
    );
    // windows ending at 15 s (join), 30 s (join, leave), 45 s (leave)
    expect(rows.map((r) => [((r.window_end as number) - T0) / 1000, r.present])).toEqual([
      [15, 1],
      [30, 0],
      [45, 0],
    ]);
  });
});
