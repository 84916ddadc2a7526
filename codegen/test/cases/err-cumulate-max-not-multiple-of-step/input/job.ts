// Every cumulating window ends at a step: the max must be a whole number of steps.
import { cumulate, job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, window: cumulate({ step: '7m', max: '1h' }) })],
});
