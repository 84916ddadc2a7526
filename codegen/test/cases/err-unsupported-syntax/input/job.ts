// Template literals format numbers the JavaScript way.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, derived: { label: (m) => `${m.joins} joins` } })],
});
