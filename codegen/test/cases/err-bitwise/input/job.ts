// | truncates to a 32-bit integer in JavaScript.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

const m1 = metric({
  id: 'chars_30s',
  version: 1,
  sources: [chatEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({ chars: m.sum((e) => e.message_length | 0) }),
  sinks: [lakeTable({ table: 'chars_30s' })],
});

export default job({ id: 'chars_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, userEvents, meetingEvents];
