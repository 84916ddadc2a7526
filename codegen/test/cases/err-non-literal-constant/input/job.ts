// A const is inlined only when its value is a literal the compiler can read.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

const LIMIT = Math.max(100, 200);

const m1 = metric({
  id: 'long_messages_30s',
  version: 1,
  sources: [chatEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({ long_messages: m.count({ where: (e) => e.message_length > LIMIT }) }),
  sinks: [lakeTable({ table: 'long_messages_30s' })],
});

export default job({ id: 'long_messages_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, userEvents, meetingEvents];
