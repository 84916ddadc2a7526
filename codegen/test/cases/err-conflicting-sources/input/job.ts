// Metrics of one job share each source, so a topic is declared the same way everywhere.
import { job, lakeTable, metric, source } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

const slowUsers = source({
  topic: 'user_events',
  eventTime: 'timestamp',
  watermark: { maxOutOfOrder: '9s', idleAfter: '1m' },
});

export default job({
  ...baseJob,
  metrics: [
    metric(base),
    metric({ ...base, id: 'joins_slow', sources: [slowUsers], sinks: [lakeTable({ table: 'joins_slow' })] }),
  ],
});
