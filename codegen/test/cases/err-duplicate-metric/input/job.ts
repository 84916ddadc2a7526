// Metric ids name operators and state: one metric per id in a job.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric(base), metric(base)] });
