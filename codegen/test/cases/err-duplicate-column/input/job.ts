// window_start is a column every row has already.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

const m1 = metric({
  id: 'joins_30s',
  version: 1,
  sources: [userEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({ joins: m.count() }),
  derived: { window_start: (m, w) => w.start + m.joins * 0 },
  sinks: [lakeTable({ table: 'joins_30s' })],
});

export default job({ id: 'joins_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, chatEvents, meetingEvents];
