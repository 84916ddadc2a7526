// Loops are outside the subset, even bounded ones.
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
    doubled: (m) => {
      for (const factor of [2]) {
        return m.joins * factor;
      }
      return 0;
    },
  },
  sinks: [lakeTable({ table: 'joins_30s' })],
});

export default job({ id: 'joins_30s', deadLetterTopic: 'dlq', metrics: [m1] });
void [sliding, chatEvents, meetingEvents];
