// A job file's default export is the job.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export const notAJob = job({ ...baseJob, metrics: [metric(base)] });
