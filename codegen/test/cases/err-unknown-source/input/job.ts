// m.from(source) reads one of the metric's own sources.
import { job, metric } from '../../../../../dsl';
import { chatEvents } from '../../../../../jobs/sources';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, measures: (m) => ({ messages: m.from(chatEvents as never).count() }) })],
});
