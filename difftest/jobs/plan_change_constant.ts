// plan_base.ts with another constant in messages_per_user: SEMANTIC, the same state, new values from the restore on.
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
import { meetingSources } from '../../jobs/sources';
import { planDemoMeasures } from './plan_base';

export default job({
  id: 'plan_demo',
  description: 'The job the plan restore tests edit.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [
    metric({
      id: 'plan_demo_30s',
      version: 1,
      description: 'Per-meeting chat activity in 30-second windows.',
      sources: meetingSources,
      key: 'meeting_id',
      window: tumbling('30s'),
      late: dropAndCount(),
      measures: planDemoMeasures,
      derived: { messages_per_user: (m) => m.messages / Math.max(m.active_users, 2) },
      sinks: [lakeTable({ table: 'plan_demo_30s' })],
    }),
  ],
});
