// A wrong field name does not type-check; the compiler reports the checker's error.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, measures: (m) => ({ users: m.countDistinct((e) => e.username) }) })],
});
