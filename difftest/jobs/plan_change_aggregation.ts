// plan_base.ts with messages summing message lengths instead of counting: BREAKING, the accumulator's field changes
// type (long → double), which Flink's POJO serializer cannot migrate; the dry-run restore shows Flink refusing it.
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
        messages: m
          .from(chatEvents)
          .sum((e) => e.message_length, { where: (e) => e.event_type === 'message' }),
        reactions: m
          .from(chatEvents)
          .count({ where: (e) => e.event_type === 'reaction' || e.event_type === 'emoji' }),
      }),
      derived: { messages_per_user: (m) => m.messages / Math.max(m.active_users, 1) },
      sinks: [lakeTable({ table: 'plan_demo_30s' })],
    }),
  ],
});
