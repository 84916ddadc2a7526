// A sliding window must be a whole number of slides long (it is computed from slide-long panes).
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

const m1 = metric({
  id: 'joins_60s',
  version: 1,
  sources: [userEvents],
  key: 'meeting_id',
  window: sliding({ size: '60s', slide: '25s' }),
  late: dropAndCount(),
  measures: (m) => ({ joins: m.count() }),
  sinks: [lakeTable({ table: 'joins_60s' })],
});

export default job({ id: 'joins_60s', deadLetterTopic: 'dlq', metrics: [m1] });
void [tumbling, chatEvents, meetingEvents];
