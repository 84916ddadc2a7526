// Keys are Avro strings: an enum is a string to TypeScript but not to the decoder.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({ ...baseJob, metrics: [metric({ ...base, key: 'event_type' })] });
