// Only const declarations: a let could be reassigned.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      derived: {
        per_second: (m, w) => {
          let rate = m.joins / w.seconds;
          return rate;
        },
      },
    }),
  ],
});
