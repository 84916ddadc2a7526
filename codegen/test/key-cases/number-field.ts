// A composite key field the compiler refuses (as the type checker does): message_length is a number.
import { job, metric } from '../../../dsl';
import { chatEvents } from '../../../jobs/sources';
import { base, baseJob } from '../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [chatEvents],
      // @ts-expect-error -- message_length is a number
      key: ['meeting_id', 'message_length'],
      measures: (m) => ({ n: m.count() }),
    }),
  ],
});
