// Per-meeting activity every 30 seconds (DESIGN §5), to the lake and the live topic.
import { dropAndCount, job, lakeTable, liveTopic, metric, tumbling } from '../dsl';
import { meetingDerived, meetingMeasures } from './meeting-measures';
import { meetingSources } from './sources';

export const meetingMetrics30s = metric({
  id: 'meeting_metrics_30s',
  version: 1,
  description:
    'Per-meeting activity, presence, network quality and engagement in 30-second tumbling windows.',
  sources: meetingSources,
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: meetingMeasures,
  derived: meetingDerived,
  sinks: [lakeTable({ table: 'meeting_metrics_30s' }), liveTopic({ topic: 'meeting_metrics_live' })],
});

export default job({
  id: 'meeting_metrics_30s',
  description: 'Tumbling 30 s meeting metrics.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [meetingMetrics30s],
});
