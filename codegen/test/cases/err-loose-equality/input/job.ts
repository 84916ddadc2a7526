// == coerces its operands in JavaScript; the compiler demands ===.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({ ...base, measures: (m) => ({ joins: m.count({ where: (e) => e.event_type == 'join' }) }) }),
  ],
});
