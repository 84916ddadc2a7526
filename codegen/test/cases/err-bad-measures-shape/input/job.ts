// Measures are one object literal of aggregation calls.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      measures: (m) => {
        const joins = m.count();
        return { joins };
      },
    }),
  ],
});
