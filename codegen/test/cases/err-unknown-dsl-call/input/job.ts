// Only DSL calls are understood: the compiler does not run the author's other calls.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric({ ...base, id: ['joins', '30s'].join('_') })] });
