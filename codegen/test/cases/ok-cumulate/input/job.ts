// Cumulating windows: the hour so far, every 15 minutes, folded from 15-minute panes; `w.seconds` grows per step.
import { cumulate, job, metric } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      window: cumulate({ step: '15m', max: '1h' }),
      derived: { joins_per_minute: (m, w) => (m.joins * 60) / w.seconds },
    }),
  ],
});
