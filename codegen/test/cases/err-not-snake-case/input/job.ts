// Ids name operators, tables and state: snake_case only.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

const m1 = metric({
  id: 'Joins30s',
  version: 1,
  sources: [userEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({ joins: m.count() }),
  sinks: [lakeTable({ table: 'joins_30s' })],
});

export default job({ id: 'joins_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, chatEvents, meetingEvents];
