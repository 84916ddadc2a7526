// A wrong field name does not type-check; the compiler reports the checker's error.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

const m1 = metric({
  id: 'users_30s',
  version: 1,
  sources: [chatEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({ users: m.countDistinct((e) => e.username) }),
  sinks: [lakeTable({ table: 'users_30s' })],
});

export default job({ id: 'users_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, userEvents, meetingEvents];
