// The base metric as it is: one source, tumbling 30 s windows, a filtered count, dropped late events, one lake table.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric(base)] });
