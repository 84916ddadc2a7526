// 'n=' + 1.5 formats the number the JavaScript way; Java would not.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, derived: { label: (m) => 'joins=' + m.joins } })],
});
