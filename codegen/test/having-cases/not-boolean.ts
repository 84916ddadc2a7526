// having must answer true or false for the row, not a number.
import { job, metric } from '../../../dsl';
import { base, baseJob } from '../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      // @ts-expect-error -- a count is not a boolean
      having: (r) => r.joins,
    }),
  ],
});
