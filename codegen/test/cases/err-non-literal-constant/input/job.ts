// A const is inlined only when its value is a literal the compiler can read.
import { job, metric } from '../../../../../dsl';
import { chatEvents } from '../../../../../jobs/sources';
import { base, baseJob } from '../../../golden-base';

const LIMIT = Math.max(100, 200);

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [chatEvents],
      measures: (m) => ({ long_messages: m.count({ where: (e) => e.message_length > LIMIT }) }),
    }),
  ],
});
