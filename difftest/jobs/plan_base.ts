// The deployed job of the plan restore tests (difftest/test/plan-restore.jvm.test.ts) and of the golden `plan`
// outputs (cli/test/plan.test.ts): each plan_*.ts beside it is this job after one edit, reusing what the edit
// leaves alone. Same job id in all of them: the same job (class PlanDemoJob), edited. Counts are additive, so the
// tests can tell exactly which events a window's value covers on each side of the savepoint.
import type { Aggregations, EventOf, MeasureValues } from '../../dsl';
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
import { chatEvents, meetingSources } from '../../jobs/sources';

type Source = (typeof meetingSources)[number];

export const planDemoMeasures = (m: Aggregations<EventOf<Source>, Source>) => ({
  events: m.count(),
  active_users: m.countDistinct((e) => e.user_id),
  messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
  reactions: m
    .from(chatEvents)
    .count({ where: (e) => e.event_type === 'reaction' || e.event_type === 'emoji' }),
});

type Measures = MeasureValues<ReturnType<typeof planDemoMeasures>>;

export const planDemoDerived = {
  messages_per_user: (m: Measures) => m.messages / Math.max(m.active_users, 1),
};

export const planDemo30s = metric({
  id: 'plan_demo_30s',
  version: 1,
  description: 'Per-meeting chat activity in 30-second windows.',
  sources: meetingSources,
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: planDemoMeasures,
  derived: planDemoDerived,
  sinks: [lakeTable({ table: 'plan_demo_30s' })],
});

export default job({
  id: 'plan_demo',
  description: 'The job the plan restore tests edit.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [planDemo30s],
});
