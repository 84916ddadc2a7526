// window_start is a column every row has already.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, derived: { window_start: (m, w) => w.start + m.joins * 0 } })],
});
