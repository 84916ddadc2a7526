// A derived number may be null in the row (non-finite is null): having must handle it, as a derived measure would.
import { job, metric } from '../../../dsl';
import { base, baseJob } from '../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      derived: { rate: (m, w) => m.joins / w.seconds },
      // @ts-expect-error -- rate is number | null
      having: (r) => r.rate > 1,
    }),
  ],
});
