// A topic the job writes has one purpose: not a source, not the dead letters, not another sink.
import { job, liveTopic, metric, sideOutput } from '../../../../../dsl';
import { base, baseJob } from '../../../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      late: sideOutput('user_events'),
      sinks: [liveTopic({ topic: 'collab_dead_letters' }), liveTopic({ topic: 'joins_live' })],
    }),
    metric({ ...base, id: 'joins_again', sinks: [liveTopic({ topic: 'joins_live' })] }),
  ],
});
