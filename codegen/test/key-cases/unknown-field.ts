// A composite key field the compiler refuses (as the type checker does): chat events have no field room_id.
import { job, metric } from '../../../dsl';
import { chatEvents } from '../../../jobs/sources';
import { base, baseJob } from '../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [chatEvents],
      // @ts-expect-error -- chat events have no field room_id
      key: ['org_id', 'room_id'],
      measures: (m) => ({ n: m.count() }),
    }),
  ],
});
