// difftest/jobs/plan_base.ts under a new job id: BREAKING, its state classes are named after the job.
import { job } from '../../../dsl';
import { planDemo30s } from '../../../difftest/jobs/plan_base';

export default job({
  id: 'plan_demo_v2',
  description: 'The job the plan restore tests edit.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [planDemo30s],
});
