// plan_base.ts plus a metric keyed by organisation: PARTIAL, the new metric starts from the restore.
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
import { meetingSources } from '../../jobs/sources';
import { planDemo30s } from './plan_base';

export default job({
  id: 'plan_demo',
  description: 'The job the plan restore tests edit.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [
    planDemo30s,
    metric({
      id: 'plan_orgs_30s',
      version: 1,
      description: 'Per-organisation events in 30-second windows (added after the savepoint).',
      sources: meetingSources,
      key: 'org_id',
      window: tumbling('30s'),
      late: dropAndCount(),
      measures: (m) => ({ events: m.count() }),
      sinks: [lakeTable({ table: 'plan_orgs_30s' })],
    }),
  ],
});
