// Kafka topic names hold [a-zA-Z0-9._-] only.
import { job, liveTopic, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, sinks: [liveTopic({ topic: '../../etc' })] })],
});
