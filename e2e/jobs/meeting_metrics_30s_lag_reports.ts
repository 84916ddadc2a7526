// jobs/meeting_metrics_30s.ts with one more measure (lag_reports): the version e2e/test/upgrade.stack.test.ts
// upgrades the running job to with `deploy --upgrade` (PARTIAL: the new count starts empty at the savepoint).
import { dropAndCount, job, lakeTable, liveTopic, metric, tumbling } from '../../dsl';
import { meetingDerived, PRESENCE_TTL } from '../../jobs/meeting-measures';
import { chatEvents, meetingEvents, meetingSources, userEvents } from '../../jobs/sources';

export default job({
  id: 'meeting_metrics_30s',
  description: 'Tumbling 30 s meeting metrics.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [
    metric({
      id: 'meeting_metrics_30s',
      version: 1,
      description:
        'Per-meeting activity, presence, network quality and engagement in 30-second tumbling windows.',
      sources: meetingSources,
      key: 'meeting_id',
      window: tumbling('30s'),
      late: dropAndCount(),
      // The measures of jobs/meeting-measures.ts written out (the compiler reads a literal object), plus one.
      measures: (m) => ({
        active_users: m.countDistinct((e) => e.user_id),
        participants: m.from(userEvents).presence({
          member: (e) => e.user_id,
          joins: (e) => e.event_type === 'join',
          leaves: (e) => e.event_type === 'leave',
          ttl: PRESENCE_TTL,
        }),
        joins: m.from(userEvents).count({ where: (e) => e.event_type === 'join' }),
        leaves: m.from(userEvents).count({ where: (e) => e.event_type === 'leave' }),
        message_count: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
        reaction_count: m
          .from(chatEvents)
          .count({ where: (e) => e.event_type === 'reaction' || e.event_type === 'emoji' }),
        video_starts: m.from(meetingEvents).count({ where: (e) => e.event_type === 'video_start' }),
        screen_shares: m.from(meetingEvents).count({ where: (e) => e.event_type === 'screen_share' }),
        avg_latency_ms: m
          .from(meetingEvents)
          .avg((e) => e.latency_ms, { where: (e) => e.event_type === 'network_lag' }),
        p95_latency_ms: m
          .from(meetingEvents)
          .percentile((e) => e.latency_ms, 0.95, { where: (e) => e.event_type === 'network_lag' }),
        avg_packet_loss_pct: m
          .from(meetingEvents)
          .avg((e) => e.packet_loss_pct, { where: (e) => e.event_type === 'network_lag' }),
        lag_reports: m.from(meetingEvents).count({ where: (e) => e.event_type === 'network_lag' }),
      }),
      derived: meetingDerived,
      sinks: [lakeTable({ table: 'meeting_metrics_30s' }), liveTopic({ topic: 'meeting_metrics_live' })],
    }),
  ],
});
