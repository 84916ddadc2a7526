// Late events kept: counted and written, unchanged, to a side-output topic.
import { job, metric, sideOutput } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric({ ...base, late: sideOutput('joins_late') })] });
