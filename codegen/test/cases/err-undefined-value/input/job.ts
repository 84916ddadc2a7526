// Decoded events hold null, never undefined.
import { job, metric } from '../../../../../dsl';
import { chatEvents } from '../../../../../jobs/sources';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [chatEvents],
      measures: (m) => ({ no_emoji: m.count({ where: (e) => e.emoji === undefined }) }),
    }),
  ],
});
