// The savepoint-restore test's "after" job: the same job with one more metric. Restored from a savepoint of
// restore_before, meeting_metrics_30s must keep its state (operator ids come from metric ids, not positions).
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
import { meetingMetrics30s } from '../../jobs/meeting_metrics_30s';
import { chatEvents, meetingSources } from '../../jobs/sources';

export const orgActivity30s = metric({
  id: 'org_activity_30s',
  version: 1,
  description: 'Per-organisation activity in 30-second windows (the metric added after the savepoint).',
  sources: meetingSources,
  key: 'org_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({
    events: m.count(),
    active_users: m.countDistinct((e) => e.user_id),
    messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
  }),
  sinks: [lakeTable({ table: 'org_activity_30s' })],
});

export default job({
  id: 'restore_demo',
  description: 'meeting_metrics_30s plus org_activity_30s.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [meetingMetrics30s, orgActivity30s],
});
