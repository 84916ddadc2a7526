// plan_base.ts sending late events to a topic instead of dropping them: SEMANTIC, the same state; late events after
// the restore go to the topic.
import { job, lakeTable, metric, sideOutput, tumbling } from '../../dsl';
import { meetingSources } from '../../jobs/sources';
import { planDemoDerived, planDemoMeasures } from './plan_base';

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
      late: sideOutput('plan_demo_late'),
      measures: planDemoMeasures,
      derived: planDemoDerived,
      sinks: [lakeTable({ table: 'plan_demo_30s' })],
    }),
  ],
});
