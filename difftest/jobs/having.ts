// The differential tests' job with row filters (`having`): a tumbling metric with presence, whose refused windows
// still carry their members into the next window, and a sliding one, filtered in every window it fires. Flink must
// write exactly the rows the evaluator keeps.
import { dropAndCount, job, lakeTable, liveTopic, metric, sliding, tumbling } from '../../dsl';
import { chatEvents, meetingEvents, meetingSources, userEvents } from '../../jobs/sources';

export const busyMeetings30s = metric({
  id: 'busy_meetings_30s',
  version: 1,
  description: 'Meetings with at least three present users and some chat, per 30-second window.',
  sources: meetingSources,
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({
    participants: m.from(userEvents).presence({
      member: (e) => e.user_id,
      joins: (e) => e.event_type === 'join',
      leaves: (e) => e.event_type === 'leave',
      ttl: '4h',
    }),
    messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
    avg_latency_ms: m.from(meetingEvents).avg((e) => e.latency_ms),
  }),
  derived: {
    // NaN (so null) in a window without participants: having sees null and refuses it.
    messages_per_user: (m) => m.messages / m.participants,
    laggy: (m) => (m.avg_latency_ms ?? 0) > 150,
  },
  having: (r) => r.participants >= 3 && (r.messages_per_user ?? 0) > 0 && !r.laggy,
  sinks: [lakeTable({ table: 'busy_meetings_30s' }), liveTopic({ topic: 'busy_meetings_live' })],
});

export const chattyTrends60s = metric({
  id: 'chatty_trends_60s',
  version: 1,
  description: 'Meetings with more than two messages a minute, over one-minute windows every 15 seconds.',
  sources: meetingSources,
  key: 'meeting_id',
  window: sliding({ size: '60s', slide: '15s' }),
  late: dropAndCount(),
  measures: (m) => ({
    participants: m.from(userEvents).presence({
      member: (e) => e.user_id,
      joins: (e) => e.event_type === 'join',
      leaves: (e) => e.event_type === 'leave',
      ttl: '4h',
    }),
    messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
  }),
  derived: { messages_per_minute: (m, w) => (m.messages * 60) / w.seconds },
  having: (r, w) => (r.messages_per_minute ?? 0) > 2 && w.end - w.start === 60_000,
  sinks: [lakeTable({ table: 'chatty_trends_60s' })],
});

export default job({
  id: 'having',
  description: 'Metrics whose rows are filtered by having.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [busyMeetings30s, chattyTrends60s],
});
