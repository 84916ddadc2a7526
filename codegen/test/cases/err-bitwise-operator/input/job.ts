// | truncates to a 32-bit integer in JavaScript.
import { job, metric } from '../../../../../dsl';
import { chatEvents } from '../../../../../jobs/sources';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [chatEvents],
      measures: (m) => ({ chars: m.sum((e) => e.message_length | 0) }),
    }),
  ],
});
