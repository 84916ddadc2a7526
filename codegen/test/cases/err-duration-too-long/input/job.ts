// Durations are at most 366 days (this one overflows a Java long of milliseconds).
import { job, metric, tumbling } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric({ ...base, window: tumbling('999999999999d') })] });
