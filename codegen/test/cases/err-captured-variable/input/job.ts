// A function may read consts only: a let outside it could change between the evaluator and the Java code.
import { job, metric } from '../../../../../dsl';
import { chatEvents } from '../../../../../jobs/sources';
import { base, baseJob } from '../../../golden-base';

// eslint-disable-next-line prefer-const
let threshold = 100;

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      sources: [chatEvents],
      measures: (m) => ({ long_messages: m.count({ where: (e) => e.message_length > threshold }) }),
    }),
  ],
});
