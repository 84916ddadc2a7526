// plan_base.ts with 60-second windows: BREAKING, the windows open at the restore keep their 30-second bounds.
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
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
      window: tumbling('60s'),
      late: dropAndCount(),
      measures: planDemoMeasures,
      derived: planDemoDerived,
      sinks: [lakeTable({ table: 'plan_demo_30s' })],
    }),
  ],
});
