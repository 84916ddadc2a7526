// A composite key field the compiler refuses (as the type checker does): client_platform is a field of user events only.
import { job, metric } from '../../../dsl';
import { chatEvents, userEvents } from '../../../jobs/sources';
import { base, baseJob } from '../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [userEvents, chatEvents],
      // @ts-expect-error -- client_platform is a field of user events only
      key: ['meeting_id', 'client_platform'],
      measures: (m) => ({ n: m.count() }),
    }),
  ],
});
