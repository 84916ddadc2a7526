// difftest/jobs/plan_base.ts with its lake table renamed, a live topic added, late events to a topic, a
// constant in a derived measure and the description changed.
import { job, lakeTable, liveTopic, metric, sideOutput, tumbling } from '../../../dsl';
import { meetingSources } from '../../../jobs/sources';
import { planDemoMeasures } from '../../../difftest/jobs/plan_base';

const MIN_USERS = 2;

export default job({
  id: 'plan_demo',
  description: 'The job the plan restore tests edit.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [
    metric({
      id: 'plan_demo_30s',
      version: 1,
      description: 'Per-meeting chat activity every 30 seconds.',
      sources: meetingSources,
      key: 'meeting_id',
      window: tumbling('30s'),
      late: sideOutput('plan_demo_late'),
      measures: planDemoMeasures,
      derived: { messages_per_user: (m) => m.messages / Math.max(m.active_users, MIN_USERS) },
      sinks: [lakeTable({ table: 'plan_chat_30s' }), liveTopic({ topic: 'plan_demo_live' })],
    }),
  ],
});
