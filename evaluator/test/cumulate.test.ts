// Cumulating windows: a row per step of each max window a key has an event in, over the events from the max
// window's start to the step's end; an event whose own step has fired is late. Rows worked out by hand below.
import { cumulate } from '../../dsl';
import { evaluate } from '..';
import { chat, chatEvents, NOW, sortedRows, T0, testJob, user, userEvents } from './helpers';

const s = (seconds: number) => T0 + seconds * 1000;

describe('cumulate', () => {
  const job = testJob({
    window: cumulate({ step: '10s', max: '30s' }),
    measures: (m) => ({
      n: m.count(),
      chars: m.from(chatEvents).sum((e) => e.message_length),
      longest: m.from(chatEvents).max((e) => e.message_length),
    }),
    derived: { seconds: (_m, w) => w.seconds },
  });

  it('emits every step from the first with an event to the max, each over the events since the max start', () => {
    const { rows, counts } = evaluate(
      job,
      [
        chat('message', 'm1', 'u1', 12_000, { message_length: 1 }), // [0, 30 s): from the step [10 s, 20 s)
        chat('message', 'm1', 'u1', 25_000, { message_length: 2 }),
        chat('message', 'm2', 'u3', 29_999, { message_length: 8 }), // m2's only step: the last of [0, 30 s)
        chat('message', 'm1', 'u2', 41_000, { message_length: 4 }), // [30 s, 60 s): from the step [40 s, 50 s)
      ],
      { now: NOW },
    );
    expect(counts.late).toEqual({ test_metric: 0 });
    expect(
      sortedRows(rows).map((r) => [
        r.meeting_id,
        r.window_start,
        r.window_end,
        r.n,
        r.chars,
        r.longest,
        r.seconds,
      ]),
    ).toEqual([
      ['m1', s(0), s(20), 1, 1, 1, 20],
      ['m1', s(0), s(30), 2, 3, 2, 30],
      ['m1', s(30), s(50), 1, 4, 4, 20],
      ['m1', s(30), s(60), 1, 4, 4, 30],
      ['m2', s(0), s(30), 1, 8, 8, 30],
    ]);
  });

  it('drops an event whose step has fired as late, though later steps of its max window are still open', () => {
    const wide = testJob({
      window: cumulate({ step: '10s', max: '60s' }),
      measures: (m) => ({ n: m.count() }),
    });
    const { rows, counts, late } = evaluate(
      wide,
      [
        chat('message', 'm1', 'u1', 5_000),
        chat('message', 'm1', 'u1', 21_000), // watermark 15 999: [0, 10 s) fires with one event
        chat('message', 'm1', 'u1', 8_000), // its step fired: late, not in [0, 20 s) … [0, 60 s) either
        chat('message', 'm1', 'u1', 14_000), // its step [10 s, 20 s) is open: counted from [0, 20 s) on
      ],
      { now: NOW },
    );
    expect(counts.late).toEqual({ test_metric: 1 });
    expect(late.map((e) => e.event.timestamp)).toEqual([s(8)]);
    expect(sortedRows(rows).map((r) => [r.window_end, r.n])).toEqual([
      [s(10), 1],
      [s(20), 2],
      [s(30), 3],
      [s(40), 3],
      [s(50), 3],
      [s(60), 3],
    ]);
  });

  it('advances presence at every step, across max windows', () => {
    const present = testJob({
      window: cumulate({ step: '10s', max: '30s' }),
      measures: (m) => ({
        present: m.from(userEvents).presence({
          member: (e) => e.user_id,
          joins: (e) => e.event_type === 'join',
          leaves: (e) => e.event_type === 'leave',
          ttl: '4h',
        }),
      }),
    });
    const { rows } = evaluate(
      present,
      [user('join', 'm1', 'u1', 5_000), user('leave', 'm1', 'u1', 25_000), user('join', 'm1', 'u2', 35_000)],
      { now: NOW },
    );
    expect(sortedRows(rows).map((r) => [r.window_end, r.present])).toEqual([
      [s(10), 1],
      [s(20), 1],
      [s(30), 0],
      [s(40), 1], // u2 only: u1 left in the previous max window
      [s(50), 1],
      [s(60), 1],
    ]);
  });

  it('having filters each step on its own', () => {
    const filtered = testJob({
      window: cumulate({ step: '10s', max: '30s' }),
      measures: (m) => ({ n: m.count() }),
      having: (r) => (r.n ?? 0) >= 2,
    });
    const { rows } = evaluate(
      filtered,
      [chat('message', 'm1', 'u1', 1_000), chat('message', 'm1', 'u1', 11_000)],
      { now: NOW },
    );
    expect(sortedRows(rows).map((r) => [r.window_end, r.n])).toEqual([
      [s(20), 2],
      [s(30), 2],
    ]);
  });
});
