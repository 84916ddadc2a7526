// A per-event function must not change anything outside itself.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../../../../dsl';
import { chatEvents, meetingEvents, userEvents } from '../../../../../jobs/sources';

let seen = 0;

const m1 = metric({
  id: 'joins_30s',
  version: 1,
  sources: [userEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({
    joins: m.count({
      where: (e) => {
        seen++;
        return e.event_type === 'join';
      },
    }),
  }),
  sinks: [lakeTable({ table: 'joins_30s' })],
});

export default job({ id: 'joins_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, chatEvents, meetingEvents, seen];
