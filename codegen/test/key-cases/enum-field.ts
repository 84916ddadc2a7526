// An enum is a string to TypeScript but not a string field to Avro: the type checker lets it through, the compiler
// does not.
import { job, metric } from '../../../dsl';
import { chatEvents } from '../../../jobs/sources';
import { base, baseJob } from '../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [chatEvents],
      key: ['meeting_id', 'event_type'],
      measures: (m) => ({ n: m.count() }),
    }),
  ],
});
