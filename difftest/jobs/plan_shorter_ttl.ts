// jobs/meeting_trends_60s.ts with the participants' presence TTL shortened from 4 h to 2 min: SEMANTIC, the saved
// presence state holds every member the shorter TTL still counts, so each window fired after the restore is the new
// definition's over the whole stream. (Lengthening it is BREAKING: members the old TTL let go are gone.) The
// measures are jobs/meeting-measures.ts's with that one TTL changed; a test keeps them equal otherwise.
import type { Aggregations, EventOf } from '../../dsl';
import { job, lakeTable, liveTopic, metric, sideOutput, sliding } from '../../dsl';
import { meetingDerived } from '../../jobs/meeting-measures';
import { chatEvents, meetingEvents, meetingSources, userEvents } from '../../jobs/sources';

type MeetingSource = (typeof meetingSources)[number];

export const shorterTtlMeasures = (m: Aggregations<EventOf<MeetingSource>, MeetingSource>) => ({
  active_users: m.countDistinct((e) => e.user_id),
  participants: m.from(userEvents).presence({
    member: (e) => e.user_id,
    joins: (e) => e.event_type === 'join',
    leaves: (e) => e.event_type === 'leave',
    ttl: '2m',
  }),
  joins: m.from(userEvents).count({ where: (e) => e.event_type === 'join' }),
  leaves: m.from(userEvents).count({ where: (e) => e.event_type === 'leave' }),
  message_count: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
  reaction_count: m
    .from(chatEvents)
    .count({ where: (e) => e.event_type === 'reaction' || e.event_type === 'emoji' }),
  video_starts: m.from(meetingEvents).count({ where: (e) => e.event_type === 'video_start' }),
  screen_shares: m.from(meetingEvents).count({ where: (e) => e.event_type === 'screen_share' }),
  avg_latency_ms: m
    .from(meetingEvents)
    .avg((e) => e.latency_ms, { where: (e) => e.event_type === 'network_lag' }),
  p95_latency_ms: m
    .from(meetingEvents)
    .percentile((e) => e.latency_ms, 0.95, { where: (e) => e.event_type === 'network_lag' }),
  avg_packet_loss_pct: m
    .from(meetingEvents)
    .avg((e) => e.packet_loss_pct, { where: (e) => e.event_type === 'network_lag' }),
});

export default job({
  id: 'meeting_trends_60s',
  description: 'Sliding 60 s / 15 s meeting trends.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [
    metric({
      id: 'meeting_trends_60s',
      version: 1,
      description: 'Per-meeting measures over 60-second windows sliding every 15 seconds.',
      sources: meetingSources,
      key: 'meeting_id',
      window: sliding({ size: '60s', slide: '15s' }),
      late: sideOutput('meeting_trends_late'),
      measures: shorterTtlMeasures,
      derived: meetingDerived,
      sinks: [lakeTable({ table: 'meeting_trends_60s' }), liveTopic({ topic: 'meeting_trends_live' })],
    }),
  ],
});
