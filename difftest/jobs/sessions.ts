// The differential tests' job with session windows (docs/SEMANTICS.md, Sessions): per meeting, sessions of network
// reports until a quiet minute, with every activity aggregation (merged sessions merge their accumulators: sums in
// the documented order, value lists, sets and sketches) and presence on video; and the same cut at five minutes.
// Every source is read, so that every case has sessions (the sessions case has meeting events only: the others
// are idle and do not hold its watermark back). Flink must give exactly the evaluator's sessions, bounds included, and count the same events late.
import { dropAndCount, job, lakeTable, metric, session, sideOutput } from '../../dsl';
import { meetingEvents, meetingSources } from '../../jobs/sources';

export const meetingSessions = metric({
  id: 'meeting_sessions',
  version: 1,
  description: 'Network health per meeting session (a quiet minute ends a session).',
  sources: meetingSources,
  key: 'meeting_id',
  window: session({ gap: '1m' }),
  late: dropAndCount(),
  measures: (m) => ({
    reports: m.count(),
    lag_reports: m.from(meetingEvents).count({ where: (e) => e.event_type === 'network_lag' }),
    reporters: m.countDistinct((e) => e.user_id),
    packet_loss_sum: m.from(meetingEvents).sum((e) => e.packet_loss_pct),
    avg_packet_loss_pct: m.from(meetingEvents).avg((e) => e.packet_loss_pct),
    avg_latency_ms: m
      .from(meetingEvents)
      .avg((e) => e.latency_ms, { where: (e) => e.event_type === 'network_lag' }),
    min_latency_ms: m.from(meetingEvents).min((e) => e.latency_ms),
    max_latency_ms: m.from(meetingEvents).max((e) => e.latency_ms),
    p50_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.5),
    approx_p90_latency_ms: m.from(meetingEvents).approxPercentile((e) => e.latency_ms, 0.9),
    on_video: m.from(meetingEvents).presence({
      member: (e) => e.user_id,
      joins: (e) => e.event_type === 'video_start',
      leaves: (e) => e.event_type === 'video_stop',
      ttl: '1h',
    }),
  }),
  derived: {
    session_minutes: (m, w) => w.seconds / 60,
    reports_per_minute: (m, w) => (m.reports * 60) / w.seconds,
  },
  sinks: [lakeTable({ table: 'meeting_sessions' })],
});

export const cappedMeetingSessions = metric({
  id: 'capped_meeting_sessions',
  version: 1,
  description: 'Meeting sessions cut at five minutes, so a busy meeting still writes rows.',
  sources: meetingSources,
  key: 'meeting_id',
  window: session({ gap: '1m', maxDuration: '5m' }),
  late: sideOutput('capped_meeting_sessions_late'),
  measures: (m) => ({
    reports: m.count(),
    packet_loss_sum: m.from(meetingEvents).sum((e) => e.packet_loss_pct),
    max_latency_ms: m.from(meetingEvents).max((e) => e.latency_ms),
  }),
  derived: { session_seconds: (m, w) => w.seconds },
  sinks: [lakeTable({ table: 'capped_meeting_sessions' })],
});

export default job({
  id: 'sessions',
  description: 'Metrics over session windows.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [meetingSessions, cappedMeetingSessions],
});
