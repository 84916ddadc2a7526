// The savepoint-restore test's job before the change: the real meeting_metrics_30s metric alone. Same job id
// as restore_after.ts: it is the same job (same class, same types), edited.
import { job } from '../../dsl';
import { meetingMetrics30s } from '../../jobs/meeting_metrics_30s';

export default job({
  id: 'restore_demo',
  description: 'meeting_metrics_30s alone, before a metric is added.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [meetingMetrics30s],
});
