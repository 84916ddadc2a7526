// plan_base.ts writing another lake table: PARTIAL, the old table's sink state is dropped (allowNonRestoredState);
// the metric's windows keep their state and fire into the new table.
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
      window: tumbling('30s'),
      late: dropAndCount(),
      measures: planDemoMeasures,
      derived: planDemoDerived,
      sinks: [lakeTable({ table: 'plan_demo_30s_v2' })],
    }),
  ],
});
