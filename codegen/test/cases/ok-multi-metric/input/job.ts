// Two metrics in one job over different sources: one class, one dead-letter topic, each metric its own operators.
import { job, lakeTable, liveTopic, metric } from '../../../../../dsl';
import { chatEvents } from '../../../../../jobs/sources';
import { base, baseJob } from '../../../golden-base';

const messages = metric({
  ...base,
  id: 'messages_30s',
  sources: [chatEvents],
  measures: (m) => ({ messages: m.count({ where: (e) => e.event_type === 'message' }) }),
  sinks: [lakeTable({ table: 'messages_30s' }), liveTopic({ topic: 'messages_live' })],
});

export default job({ ...baseJob, metrics: [metric(base), messages] });
