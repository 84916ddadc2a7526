// Event time is a timestamp-millis field.
import { job, metric, source } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

const users = source({
  topic: 'user_events',
  eventTime: 'user_id' as never,
  watermark: { maxOutOfOrder: '5s', idleAfter: '1m' },
});

export default job({ ...baseJob, metrics: [metric({ ...base, sources: [users] })] });
