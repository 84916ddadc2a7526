// Each event is in size / slide windows: at most 100 (this one would be in 86 400 000).
import { job, metric, sliding } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, window: sliding({ size: '1d', slide: '1ms' }) })],
});
