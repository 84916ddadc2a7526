import { evaluate } from '..';
import { chat, chatEvents, media, meetingEvents, NOW, sortedRows, testJob, user } from './helpers';

describe('measures', () => {
  const job = testJob({
    measures: (m) => ({
      events: m.count(),
      messages: m.count({ where: (e) => e.event_type === 'message' }),
      users: m.countDistinct((e) => e.user_id),
      emoji_kinds: m.from(chatEvents).countDistinct((e) => e.emoji),
      chars: m.from(chatEvents).sum((e) => e.message_length),
      message_chars: m
        .from(chatEvents)
        .sum((e) => e.message_length, { where: (e) => e.event_type === 'message' }),
      avg_latency: m.from(meetingEvents).avg((e) => e.latency_ms),
      min_latency: m.from(meetingEvents).min((e) => e.latency_ms),
      max_latency: m
        .from(meetingEvents)
        .max((e) => e.latency_ms, { where: (e) => e.event_type === 'network_lag' }),
      loss_sum: m.from(meetingEvents).sum((e) => e.packet_loss_pct),
    }),
  });

  it('computes every activity measure, skipping nulls', () => {
    const [row] = sortedRows(
      evaluate(
        job,
        [
          user('join', 'm1', 'u1', 1_000),
          chat('message', 'm1', 'u1', 2_000, { message_length: 7 }),
          chat('message', 'm1', 'u2', 3_000, { message_length: 5 }),
          chat('emoji', 'm1', 'u2', 4_000, { message_length: 0, emoji: ':)' }),
          chat('reaction', 'm1', 'u3', 5_000, { message_length: 1, emoji: ':)' }),
          chat('reaction', 'm1', 'u3', 5_500, { message_length: 0, emoji: '+1' }),
          media('network_lag', 'm1', 'u1', 6_000, { latency_ms: 100, packet_loss_pct: 0.5 }),
          media('network_lag', 'm1', 'u2', 7_000, { latency_ms: null }),
          media('network_lag', 'm1', 'u2', 8_000, { latency_ms: 300 }),
          media('video_start', 'm1', 'u3', 9_000, { latency_ms: 1 }),
        ],
        { now: NOW },
      ).rows,
    );
    expect(row).toMatchObject({
      events: 10,
      messages: 2,
      users: 3,
      emoji_kinds: 2,
      chars: 13,
      message_chars: 12,
      avg_latency: (100 + 300 + 1) / 3,
      min_latency: 1,
      max_latency: 300,
      loss_sum: 0.5,
    });
  });

  it('gives 0 for sums and counts and null for avg/min/max when no value qualifies', () => {
    const [row] = sortedRows(evaluate(job, [user('join', 'm1', 'u1', 1_000)], { now: NOW }).rows);
    expect(row).toMatchObject({
      events: 1,
      messages: 0,
      emoji_kinds: 0,
      chars: 0,
      avg_latency: null,
      min_latency: null,
      max_latency: null,
      loss_sum: 0,
    });
  });

  it('averages only non-null values', () => {
    const lagJob = testJob({
      measures: (m) => ({ avg_loss: m.from(meetingEvents).avg((e) => e.packet_loss_pct) }),
    });
    const rows = evaluate(
      lagJob,
      [
        media('network_lag', 'm1', 'u1', 1_000, { packet_loss_pct: 2 }),
        media('network_lag', 'm1', 'u1', 2_000, { packet_loss_pct: null }),
        media('network_lag', 'm1', 'u1', 3_000, { packet_loss_pct: 4 }),
        media('network_lag', 'm2', 'u1', 3_000, { packet_loss_pct: null }),
      ],
      { now: NOW },
    ).rows;
    expect(sortedRows(rows).map((r) => r.avg_loss)).toEqual([3, null]);
  });

  it('computes derived measures from measures and the window', () => {
    const derivedJob = testJob({
      measures: (m) => ({ messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }) }),
      derived: {
        per_second: (m, w) => (m.messages ?? 0) / w.seconds,
        label: (m) => ((m.messages ?? 0) > 1 ? 'busy' : 'quiet'),
      },
    });
    const rows = evaluate(
      derivedJob,
      [chat('message', 'm1', 'u1', 1_000), chat('message', 'm1', 'u1', 2_000)],
      { now: NOW },
    ).rows;
    expect(sortedRows(rows)[0]).toMatchObject({ messages: 2, per_second: 2 / 30, label: 'busy' });
  });

  it('writes a non-finite derived value (NaN, ±Infinity) as null, and leaves finite ones alone', () => {
    const derivedJob = testJob({
      measures: (m) => ({
        messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
        reactions: m.from(chatEvents).count({ where: (e) => e.event_type === 'reaction' }),
      }),
      derived: {
        nan: (m) => (m.reactions ?? 0) / (m.reactions ?? 0),
        infinity: (m) => (m.messages ?? 0) / (m.reactions ?? 0),
        minus_infinity: (m) => -(m.messages ?? 0) / (m.reactions ?? 0),
        ratio: (m) => (m.reactions ?? 0) / (m.messages ?? 0),
        zero: () => -0,
      },
    });
    const [row] = evaluate(derivedJob, [chat('message', 'm1', 'u1', 1_000)], { now: NOW }).rows;
    expect(row?.row).toMatchObject({ nan: null, infinity: null, minus_infinity: null, ratio: 0, zero: -0 });
  });
});
