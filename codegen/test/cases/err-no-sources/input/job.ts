// A metric reads at least one source.
import { job, metric } from '../../../../../dsl';
import { userEvents } from '../../../../../jobs/sources';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [metric({ ...base, sources: [] as unknown as [typeof userEvents] })],
});
