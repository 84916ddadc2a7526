// JavaScript truthiness (0, '', null are false) is not translated: write the comparison.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, derived: { any_joins: (m) => (m.joins ? 1 : 0) } })],
});
