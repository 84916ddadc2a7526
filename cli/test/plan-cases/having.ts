// difftest/jobs/plan_base.ts with a row filter: only windows with at least three active users are written.
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../../dsl';
import { meetingSources } from '../../../jobs/sources';
import { planDemoDerived, planDemoMeasures } from '../../../difftest/jobs/plan_base';

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
      derived: planDemoDerived,
      having: (m) => m.active_users >= 3 && (m.messages_per_user ?? 0) > 0,
      sinks: [lakeTable({ table: 'plan_demo_30s' })],
    }),
  ],
});
