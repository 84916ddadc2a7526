// A job the compiler refuses (its version needs running code): plan compares nothing and exits 2.
import { job } from '../../../dsl';
import { planDemo30s } from '../../../difftest/jobs/plan_base';

export default job({
  id: 'plan_demo',
  description: 'The job the plan restore tests edit.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [{ ...planDemo30s, version: 1 + 1 }],
});
