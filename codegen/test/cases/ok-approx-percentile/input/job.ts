// approxPercentile in sliding windows: the accumulator and the pane partial each hold a DDSketch, merged by counts.
import { job, metric, sliding } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      window: sliding({ size: '1m', slide: '15s' }),
      measures: (m) => ({
        p99_user_id_length: m.approxPercentile((e) => e.user_id.length, 0.99, {
          relativeError: 0.02,
          where: (e) => e.event_type === 'join',
        }),
      }),
    }),
  ],
});
