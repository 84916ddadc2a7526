// A function may read consts only: a let outside it could change between the evaluator and the Java code.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

// eslint-disable-next-line prefer-const
let threshold = 100;

const m1 = metric({
  id: 'long_messages_30s',
  version: 1,
  sources: [chatEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({ long_messages: m.count({ where: (e) => e.message_length > threshold }) }),
  sinks: [lakeTable({ table: 'long_messages_30s' })],
});

export default job({ id: 'long_messages_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, userEvents, meetingEvents];
