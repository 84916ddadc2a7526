// A body ends in a return: an if/else that returns on both sides is not one.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      derived: {
        many: (m) => {
          if (m.joins > 1) {
            return 1;
          } else {
            return 0;
          }
        },
      },
    }),
  ],
});
