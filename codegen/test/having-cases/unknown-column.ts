// having reads a column the row does not have: the compiler says so at the property, whatever the checker was told.
import { job, metric } from '../../../dsl';
import { base, baseJob } from '../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      derived: { doubled: (m) => m.joins * 2 },
      // @ts-expect-error -- the row has joins and doubled, not meeting_id
      having: (r) => r.meeting_id === 'm-1',
    }),
  ],
});
