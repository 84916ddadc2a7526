// Per-meeting trends: the same measures over a minute, refreshed every 15 seconds (DESIGN §5). Late events are
// kept in a side-output topic so trend gaps can be explained.
import { job, lakeTable, liveTopic, metric, sideOutput, sliding } from '../dsl';
import { meetingDerived, meetingMeasures } from './meeting-measures';
import { meetingSources } from './sources';

export const meetingTrends60s = metric({
  id: 'meeting_trends_60s',
  version: 1,
  description: 'Per-meeting measures over 60-second windows sliding every 15 seconds.',
  sources: meetingSources,
  key: 'meeting_id',
  window: sliding({ size: '60s', slide: '15s' }),
  late: sideOutput('meeting_trends_late'),
  measures: meetingMeasures,
  derived: meetingDerived,
  sinks: [lakeTable({ table: 'meeting_trends_60s' }), liveTopic({ topic: 'meeting_trends_live' })],
});

export default job({
  id: 'meeting_trends_60s',
  description: 'Sliding 60 s / 15 s meeting trends.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [meetingTrends60s],
});
