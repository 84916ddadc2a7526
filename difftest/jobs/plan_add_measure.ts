// plan_base.ts with one more measure (joins): PARTIAL, the windows open at the restore count joins from it on.
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
import { chatEvents, meetingSources, userEvents } from '../../jobs/sources';
import { planDemoDerived } from './plan_base';

export default job({
  id: 'plan_demo',
  description: 'The job the plan restore tests edit.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [
    metric({
      id: 'plan_demo_30s',
      version: 1,
      description: 'Per-meeting chat activity in 30-second windows.',
      sources: meetingSources,
      key: 'meeting_id',
      window: tumbling('30s'),
      late: dropAndCount(),
      measures: (m) => ({
        events: m.count(),
        active_users: m.countDistinct((e) => e.user_id),
        messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
        joins: m.from(userEvents).count({ where: (e) => e.event_type === 'join' }),
        reactions: m
          .from(chatEvents)
          .count({ where: (e) => e.event_type === 'reaction' || e.event_type === 'emoji' }),
      }),
      derived: planDemoDerived,
      sinks: [lakeTable({ table: 'plan_demo_30s' })],
    }),
  ],
});
