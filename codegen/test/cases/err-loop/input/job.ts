// Loops are outside the subset, even bounded ones.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      derived: {
        doubled: (m) => {
          for (const factor of [2]) {
            return m.joins * factor;
          }
          return 0;
        },
      },
    }),
  ],
});
