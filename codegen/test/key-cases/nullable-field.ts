// A composite key field the compiler refuses (as the type checker does): emoji may be null.
import { job, metric } from '../../../dsl';
import { chatEvents } from '../../../jobs/sources';
import { base, baseJob } from '../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [chatEvents],
      // @ts-expect-error -- emoji may be null
      key: ['meeting_id', 'emoji'],
      measures: (m) => ({ n: m.count() }),
    }),
  ],
});
