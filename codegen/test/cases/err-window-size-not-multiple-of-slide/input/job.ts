// A sliding window must be a whole number of slides long (it is computed from slide-long panes).
import { job, metric, sliding } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, window: sliding({ size: '60s', slide: '25s' }) })],
});
