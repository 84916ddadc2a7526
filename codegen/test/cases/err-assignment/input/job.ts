// A per-event function must not change anything outside itself.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

let seen = 0;

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      measures: (m) => ({
        joins: m.count({
          where: (e) => {
            seen++;
            return e.event_type === 'join';
          },
        }),
      }),
    }),
  ],
});
