// A composite key must name a field: the type refuses `[]`, so only a cast gets this far.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric({ ...base, key: [] as unknown as ['meeting_id'] })] });
