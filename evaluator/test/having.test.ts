// `having`: rows it refuses are not output at all, presence state advances as without it, and it sees the row's
// derived values as written (a non-finite derived number is already null). Rows worked out by hand below.
import { sliding } from '../../dsl';
import { evaluate } from '..';
import { chat, chatEvents, NOW, sortedRows, testJob, user, userEvents } from './helpers';

const presence = (m: Parameters<Parameters<typeof testJob>[0]['measures']>[0]) =>
  m.from(userEvents).presence({
    member: (e) => e.user_id,
    joins: (e) => e.event_type === 'join',
    leaves: (e) => e.event_type === 'leave',
    ttl: '4h',
  });

describe('having', () => {
  it('drops the rows it refuses; a filtered window still advances presence into the next one', () => {
    const job = testJob({
      measures: (m) => ({ present: presence(m), joins: m.from(userEvents).count() }),
      having: (r) => (r.present ?? 0) >= 2,
    });
    const { rows } = evaluate(
      job,
      [
        user('join', 'm1', 'u1', 1_000), // [0, 30 s): u1 present → 1, refused
        user('join', 'm1', 'u2', 31_000), // [30 s, 60 s): u1 carried over + u2 → 2, written
        user('leave', 'm1', 'u2', 61_000), // [60 s, 90 s): u1 → 1, refused
      ],
      { now: NOW },
    );
    expect(sortedRows(rows).map((r) => [r.window_start, r.present, r.joins])).toEqual([
      [Date.UTC(2026, 10, 25, 10, 0, 30), 2, 1],
    ]);
  });

  it('without having the same input writes every window (the filter is the only difference)', () => {
    const job = testJob({ measures: (m) => ({ present: presence(m) }) });
    const { rows } = evaluate(
      job,
      [user('join', 'm1', 'u1', 1_000), user('join', 'm1', 'u2', 31_000), user('leave', 'm1', 'u2', 61_000)],
      { now: NOW },
    );
    expect(sortedRows(rows).map((r) => r.present)).toEqual([1, 2, 1]);
  });

  it('reads derived measures as the row holds them: 0 / 0 is null, not NaN', () => {
    const job = testJob({
      measures: (m) => ({
        messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
        reactions: m.from(chatEvents).count({ where: (e) => e.event_type === 'reaction' }),
      }),
      derived: { per_message: (m) => (m.reactions ?? 0) / (m.messages ?? 0) },
      having: (r) => r.per_message === null || (r.per_message ?? 0) >= 1,
    });
    const { rows } = evaluate(
      job,
      [
        chat('emoji', 'm1', 'u1', 1_000), // m1: 0 messages, 0 reactions → 0 / 0 → null, written
        chat('message', 'm2', 'u1', 1_000), // m2: 1 message, 0 reactions → 0, refused
        chat('message', 'm3', 'u1', 1_000),
        chat('reaction', 'm3', 'u2', 2_000), // m3: 1 / 1 → 1, written
      ],
      { now: NOW },
    );
    expect(sortedRows(rows).map((r) => [r.meeting_id, r.per_message])).toEqual([
      ['m1', null],
      ['m3', 1],
    ]);
  });

  it('sees the window, and filters every window of a sliding metric the same way', () => {
    const job = testJob({
      window: sliding({ size: '60s', slide: '30s' }),
      measures: (m) => ({ joins: m.from(userEvents).count() }),
      having: (r, w) => (r.joins ?? 0) >= 2 && w.seconds === 60,
    });
    const { rows } = evaluate(job, [user('join', 'm1', 'u1', 1_000), user('join', 'm1', 'u2', 31_000)], {
      now: NOW,
    });
    // Windows [-30 s, 30 s) 1 join, [0, 60 s) 2 joins, [30 s, 90 s) 1 join: only the middle one is written.
    expect(sortedRows(rows).map((r) => [r.window_start, r.joins])).toEqual([[Date.UTC(2026, 10, 25, 10), 2]]);
  });
});
