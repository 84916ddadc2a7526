// The differential tests' job whose metrics are keyed by other fields than meeting_id (org_id, user_id): Flink
// and the evaluator must group by the same key, and the comparison must pair rows by each metric's own key.
import { dropAndCount, job, lakeTable, metric, sideOutput, sliding, tumbling } from '../../dsl';
import { chatEvents, meetingEvents, meetingSources, userEvents } from '../../jobs/sources';

export const orgActivity30s = metric({
  id: 'org_activity_30s',
  version: 1,
  description: 'Per-organisation activity in 30-second tumbling windows.',
  sources: meetingSources,
  key: 'org_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({
    events: m.count(),
    active_users: m.countDistinct((e) => e.user_id),
    meetings: m.countDistinct((e) => e.meeting_id),
    messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
  }),
  derived: {
    messages_per_user: (m) => m.messages / Math.max(m.active_users, 1),
  },
  sinks: [lakeTable({ table: 'org_activity_30s' })],
});

export const userTrends60s = metric({
  id: 'user_trends_60s',
  version: 1,
  description: 'Per-user activity over 60-second windows sliding every 15 seconds.',
  sources: meetingSources,
  key: 'user_id',
  window: sliding({ size: '60s', slide: '15s' }),
  late: sideOutput('user_trends_late'),
  measures: (m) => ({
    events: m.count(),
    meetings: m.countDistinct((e) => e.meeting_id),
    joins: m.from(userEvents).count({ where: (e) => e.event_type === 'join' }),
    messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
    avg_latency_ms: m
      .from(meetingEvents)
      .avg((e) => e.latency_ms, { where: (e) => e.event_type === 'network_lag' }),
  }),
  sinks: [lakeTable({ table: 'user_trends_60s' })],
});

export default job({
  id: 'keyed_by_others',
  description: 'Metrics keyed by org_id (tumbling) and user_id (sliding).',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [orgActivity30s, userTrends60s],
});
