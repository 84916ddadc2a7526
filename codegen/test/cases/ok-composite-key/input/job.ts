// A metric keyed by (org_id, meeting_id), sliding, with first and last of a string, a number and a boolean: one
// column per key part, the composite key's JSON array in keyBy and the live topic's record key, first/last panes.
import { job, liveTopic, lakeTable, metric, sliding } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      key: ['org_id', 'meeting_id'],
      window: sliding({ size: '60s', slide: '30s' }),
      measures: (m) => ({
        joins: m.count({ where: (e) => e.event_type === 'join' }),
        first_user: m.first((e) => e.user_id),
        last_time_ms: m.last((e) => e.timestamp),
        last_was_leave: m.last((e) => e.event_type === 'leave', {
          where: (e) => e.client_platform !== 'web',
        }),
      }),
      sinks: [lakeTable({ table: 'joins_30s' }), liveTopic({ topic: 'joins_live' })],
    }),
  ],
});
