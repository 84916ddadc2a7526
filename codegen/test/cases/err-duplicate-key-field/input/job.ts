// Each part of a composite key is a column of the row: naming one twice is refused at the second.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric({ ...base, key: ['org_id', 'meeting_id', 'org_id'] })] });
