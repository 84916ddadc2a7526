// A presence gauge: users who joined and have not left (or timed out after 4 h) at each window's end.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      measures: (m) => ({
        participants: m.presence({
          member: (e) => e.user_id,
          joins: (e) => e.event_type === 'join',
          leaves: (e) => e.event_type === 'leave',
          ttl: '4h',
        }),
      }),
    }),
  ],
});
