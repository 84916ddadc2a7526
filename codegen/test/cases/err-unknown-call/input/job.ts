// Only the documented methods: padStart is not one of them.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({ ...base, measures: (m) => ({ users: m.countDistinct((e) => e.user_id.padStart(8, '0')) }) }),
  ],
});
