// A cast can hide a missing property from the type checker, not from the compiler.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ id: 'joins', metrics: [metric(base)] } as never);
