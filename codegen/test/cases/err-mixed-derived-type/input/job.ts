// A derived measure has one column type: not a string on one path and a number on another.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      derived: {
        label: (m) => {
          if (m.joins > 1) return 'many';
          return 0;
        },
      },
    }),
  ],
});
