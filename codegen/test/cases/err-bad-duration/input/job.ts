// Durations are positive: '0s' type-checks but means nothing.
import { job, metric, tumbling } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric({ ...base, window: tumbling('0s') })] });
