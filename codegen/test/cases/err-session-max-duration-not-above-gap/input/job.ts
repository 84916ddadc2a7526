// A session's maxDuration cuts sessions longer than it: it must be longer than the gap.
import { job, metric, session } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, window: session({ gap: '10m', maxDuration: '5m' }) })],
});
