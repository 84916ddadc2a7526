// The differential tests' job with cumulating windows: every activity aggregation, presence and a derived measure
// of the growing window's seconds folded step by step on Flink as in the evaluator; a second metric filters its
// steps with `having` and sends late events (late once their own step has fired) to a side output.
import { cumulate, dropAndCount, job, lakeTable, liveTopic, metric, sideOutput } from '../../dsl';
import { chatEvents, meetingEvents, meetingSources, userEvents } from '../../jobs/sources';

export const meetingSoFar1m = metric({
  id: 'meeting_so_far_1m',
  version: 1,
  description: 'Each meeting so far in the minute, every 15 seconds.',
  sources: meetingSources,
  key: 'meeting_id',
  window: cumulate({ step: '15s', max: '1m' }),
  late: dropAndCount(),
  measures: (m) => ({
    events: m.count(),
    users: m.countDistinct((e) => e.user_id),
    chars: m.from(chatEvents).sum((e) => e.message_length),
    avg_latency_ms: m.from(meetingEvents).avg((e) => e.latency_ms),
    min_loss_pct: m.from(meetingEvents).min((e) => e.packet_loss_pct),
    max_loss_pct: m.from(meetingEvents).max((e) => e.packet_loss_pct),
    p90_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.9),
    approx_p50_latency_ms: m.from(meetingEvents).approxPercentile((e) => e.latency_ms, 0.5),
    participants: m.from(userEvents).presence({
      member: (e) => e.user_id,
      joins: (e) => e.event_type === 'join',
      leaves: (e) => e.event_type === 'leave',
      ttl: '2m',
    }),
  }),
  derived: {
    chars_per_second: (m, w) => m.chars / w.seconds,
    loss_spread_pct: (m) => (m.max_loss_pct ?? 0) - (m.min_loss_pct ?? 0),
  },
  sinks: [lakeTable({ table: 'meeting_so_far_1m' }), liveTopic({ topic: 'meeting_so_far_live' })],
});

export const chattyHourSoFar = metric({
  id: 'chatty_so_far_2m',
  version: 1,
  description: 'Meetings with at least three messages so far in their two minutes, every 30 seconds.',
  sources: meetingSources,
  key: 'meeting_id',
  window: cumulate({ step: '30s', max: '2m' }),
  late: sideOutput('chatty_so_far_late'),
  measures: (m) => ({
    messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
    avg_length: m.from(chatEvents).avg((e) => e.message_length, { where: (e) => e.event_type === 'message' }),
  }),
  having: (r, w) => r.messages >= 3 && w.seconds >= 60,
  sinks: [lakeTable({ table: 'chatty_so_far_2m' })],
});

export default job({
  id: 'cumulate',
  description: 'Metrics over cumulating windows.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [meetingSoFar1m, chattyHourSoFar],
});
