// Durations are positive: '0s' type-checks but means nothing.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

const m1 = metric({
  id: 'joins_30s',
  version: 1,
  sources: [userEvents],
  key: 'meeting_id',
  window: tumbling('0s'),
  late: dropAndCount(),
  measures: (m) => ({ joins: m.count() }),
  sinks: [lakeTable({ table: 'joins_30s' })],
});

export default job({ id: 'joins_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, chatEvents, meetingEvents];
