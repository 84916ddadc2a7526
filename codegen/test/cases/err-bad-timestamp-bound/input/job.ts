// notBefore needs a zone: '2000-01-01' would mean midnight wherever the job runs.
import { job, metric, source } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [
        source({
          topic: 'user_events',
          eventTime: 'timestamp',
          watermark: { maxOutOfOrder: '5s', idleAfter: '1m' },
          timestampBounds: { notBefore: '2000-01-01' },
        }),
      ],
    }),
  ],
});
