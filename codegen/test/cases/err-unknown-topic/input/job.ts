// A topic needs a reader schema in schemas/registry.json.
import { job, metric, source } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

const audit = source({
  topic: 'audit_events' as 'user_events',
  eventTime: 'timestamp',
  watermark: { maxOutOfOrder: '5s', idleAfter: '1m' },
});

export default job({ ...baseJob, metrics: [metric({ ...base, sources: [audit] })] });
