// The compiler reads definitions without running them: arithmetic is not a literal.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric({ ...base, version: 1 + 0 })] });
