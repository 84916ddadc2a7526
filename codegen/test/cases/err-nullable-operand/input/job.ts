// TypeScript lets null + string through (it writes "null"); the compiler asks for a default.
import { job, metric } from '../../../../../dsl';
import { chatEvents } from '../../../../../jobs/sources';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [chatEvents],
      measures: (m) => ({ emojis: m.countDistinct((e) => e.emoji + '!') }),
    }),
  ],
});
