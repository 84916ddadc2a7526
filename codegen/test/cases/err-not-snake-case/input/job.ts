// Ids name operators, tables and state: snake_case only.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric({ ...base, id: 'Joins30s' })] });
