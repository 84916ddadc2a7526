// Session windows: a session per meeting until 5 quiet minutes, cut at 4 hours; every activity aggregation, a
// derived measure over the session's length and a having.
import { job, metric, session } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      window: session({ gap: '5m', maxDuration: '4h' }),
      measures: (m) => ({
        joins: m.count({ where: (e) => e.event_type === 'join' }),
        users: m.countDistinct((e) => e.user_id),
        platforms: m.countDistinct((e) => e.client_platform),
        present: m.presence({
          member: (e) => e.user_id,
          joins: (e) => e.event_type === 'join',
          leaves: (e) => e.event_type === 'leave',
          ttl: '4h',
        }),
      }),
      derived: { joins_per_minute: (m, w) => (m.joins * 60) / w.seconds },
      having: (r) => r.joins > 0,
    }),
  ],
});
