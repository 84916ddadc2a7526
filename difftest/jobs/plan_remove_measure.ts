// plan_base.ts without the reactions measure: SEMANTIC, the other measures' state restores (a POJO field dropped).
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
import { chatEvents, meetingSources } from '../../jobs/sources';

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
      }),
      derived: { messages_per_user: (m) => m.messages / Math.max(m.active_users, 1) },
      sinks: [lakeTable({ table: 'plan_demo_30s' })],
    }),
  ],
});
