// Two metrics cannot write one lake table.
import { job, lakeTable, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric(base), metric({ ...base, id: 'joins_again', sinks: [lakeTable({ table: 'joins_30s' })] })],
});
