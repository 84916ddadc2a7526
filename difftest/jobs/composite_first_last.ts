// The differential tests' job for composite keys and first/last: a tumbling metric per (organisation, meeting)
// with presence, a percentile and first/last of a string, a nullable number and a boolean, and a sliding one per
// (meeting, user) whose panes merge first/last partials, filtered by having. Flink must give the evaluator's rows.
import { dropAndCount, job, lakeTable, liveTopic, metric, sliding, tumbling } from '../../dsl';
import { chatEvents, meetingEvents, meetingSources, userEvents } from '../../jobs/sources';

export const orgMeetings30s = metric({
  id: 'org_meetings_30s',
  version: 1,
  description: 'Per organisation and meeting every 30 seconds: who is there, what came first and last.',
  sources: meetingSources,
  key: ['org_id', 'meeting_id'],
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({
    participants: m.from(userEvents).presence({
      member: (e) => e.user_id,
      joins: (e) => e.event_type === 'join',
      leaves: (e) => e.event_type === 'leave',
      ttl: '4h',
    }),
    events: m.count(),
    first_user: m.first((e) => e.user_id),
    last_user_event: m.from(userEvents).last((e) => e.event_type),
    first_latency_ms: m.from(meetingEvents).first((e) => e.latency_ms),
    last_latency_ms: m.from(meetingEvents).last((e) => e.latency_ms),
    last_emoji: m.from(chatEvents).last((e) => e.emoji, { where: (e) => e.event_type !== 'message' }),
    last_was_join: m.from(userEvents).last((e) => e.event_type === 'join'),
    p50_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.5),
  }),
  derived: {
    latency_drift_ms: (m) =>
      m.first_latency_ms !== null && m.last_latency_ms !== null
        ? m.last_latency_ms - m.first_latency_ms
        : null,
  },
  sinks: [lakeTable({ table: 'org_meetings_30s' }), liveTopic({ topic: 'org_meetings_live' })],
});

export const userTrends60s = metric({
  id: 'user_trends_60s',
  version: 1,
  description: 'Per meeting and user, one-minute windows every 15 seconds: first and last of what they did.',
  sources: meetingSources,
  key: ['meeting_id', 'user_id'],
  window: sliding({ size: '60s', slide: '15s' }),
  late: dropAndCount(),
  measures: (m) => ({
    events: m.count(),
    first_event_time_ms: m.first((e) => e.timestamp),
    last_event_time_ms: m.last((e) => e.timestamp),
    first_message_length: m.from(chatEvents).first((e) => e.message_length),
    last_latency_ms: m.from(meetingEvents).last((e) => e.latency_ms),
    avg_latency_ms: m.from(meetingEvents).avg((e) => e.latency_ms),
  }),
  having: (r) => r.events >= 2,
  sinks: [lakeTable({ table: 'user_trends_60s' })],
});

export default job({
  id: 'composite_first_last',
  description: 'Metrics keyed by two fields, with first and last.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [orgMeetings30s, userTrends60s],
});
