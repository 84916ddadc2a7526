// Unary + turns a string into a number in JavaScript; the compiler wants the number itself.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, measures: (m) => ({ total: m.sum((e) => +e.user_id) }) })],
});
