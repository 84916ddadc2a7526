// An approxPercentile's relativeError is within [0.001, 0.5]: 1 is not 1 %.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      measures: (m) => ({
        p95_clients: m.approxPercentile((e) => e.user_id.length, 0.95, { relativeError: 1 }),
      }),
    }),
  ],
});
