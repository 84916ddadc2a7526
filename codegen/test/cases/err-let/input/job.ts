// Only const declarations: a let could be reassigned.
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
  derived: {
    per_second: (m, w) => {
      let rate = m.joins / w.seconds;
      return rate;
    },
  },
  sinks: [lakeTable({ table: 'joins_30s' })],
});

export default job({ id: 'joins_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, chatEvents, meetingEvents];
