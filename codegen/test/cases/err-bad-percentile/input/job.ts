// A percentile's fraction is within [0, 1]: 95 is not the 95th percentile.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({ ...base, measures: (m) => ({ p95_clients: m.percentile((e) => e.user_id.length, 95) }) }),
  ],
});
