// A cumulating window has max / step steps: at most 1440 (this one would have 86 400).
import { cumulate, job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, window: cumulate({ step: '1s', max: '1d' }) })],
});
