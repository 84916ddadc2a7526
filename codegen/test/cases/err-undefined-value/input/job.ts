// Decoded events hold null, never undefined.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

const m1 = metric({
  id: 'messages_30s',
  version: 1,
  sources: [chatEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({ no_emoji: m.count({ where: (e) => e.emoji === undefined }) }),
  sinks: [lakeTable({ table: 'messages_30s' })],
});

export default job({ id: 'messages_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, userEvents, meetingEvents];
