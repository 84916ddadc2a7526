// Rows keyed by another field than meeting_id: joins per organisation.
import { job, lakeTable, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({ ...base, id: 'org_joins_30s', key: 'org_id', sinks: [lakeTable({ table: 'org_joins_30s' })] }),
  ],
});
