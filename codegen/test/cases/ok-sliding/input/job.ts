// Sliding windows: 1-minute windows every 15 s, computed from 15-second panes.
import { job, metric, sliding } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, window: sliding({ size: '1m', slide: '15s' }) })],
});
