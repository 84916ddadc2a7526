// The compiler checks fields against the reader schemas itself, even where the checker is told not to.
import { job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      // @ts-expect-error -- duration_ms is in no schema
      measures: (m) => ({ total: m.sum((e) => e.duration_ms) }),
    }),
  ],
});
