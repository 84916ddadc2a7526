// A row filter: only windows with at least one present user and a join rate of one a minute are written.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      measures: (m) => ({
        joins: m.count({ where: (e) => e.event_type === 'join' }),
        participants: m.presence({
          member: (e) => e.user_id,
          joins: (e) => e.event_type === 'join',
          leaves: (e) => e.event_type === 'leave',
          ttl: '4h',
        }),
      }),
      derived: { joins_per_minute: (m, w) => (m.joins * 60) / w.seconds },
      having: (r) => r.participants >= 1 && (r.joins_per_minute ?? 0) >= 1,
    }),
  ],
});
