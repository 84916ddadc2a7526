// The differential tests' job that uses every addition of issue #17 together: a session window and a cumulating
// window, each keyed by (organisation, meeting), with exact and approximate percentiles, first/last and a row
// filter. The features have their own jobs (sessions, cumulate, composite_first_last, percentiles, having); this
// one proves they compose: Flink must give exactly the evaluator's rows and count the same events late.
import { cumulate, dropAndCount, job, lakeTable, liveTopic, metric, session, sideOutput } from '../../dsl';
import { meetingEvents, meetingSources, userEvents } from '../../jobs/sources';

export const orgMeetingSessions = metric({
  id: 'org_meeting_sessions',
  version: 1,
  description:
    'Per organisation and meeting, sessions until a quiet minute (cut at ten): latency spread, first and last.',
  sources: meetingSources,
  key: ['org_id', 'meeting_id'],
  window: session({ gap: '1m', maxDuration: '10m' }),
  late: sideOutput('org_meeting_sessions_late'),
  measures: (m) => ({
    events: m.count(),
    first_user: m.first((e) => e.user_id),
    last_user_event: m.from(userEvents).last((e) => e.event_type),
    p50_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.5),
    approx_p95_latency_ms: m
      .from(meetingEvents)
      .approxPercentile((e) => e.latency_ms, 0.95, { relativeError: 0.02 }),
    participants: m.from(userEvents).presence({
      member: (e) => e.user_id,
      joins: (e) => e.event_type === 'join',
      leaves: (e) => e.event_type === 'leave',
      ttl: '4h',
    }),
  }),
  derived: { session_seconds: (m, w) => w.seconds },
  having: (r) => r.events >= 3,
  sinks: [lakeTable({ table: 'org_meeting_sessions' }), liveTopic({ topic: 'org_meeting_sessions_live' })],
});

export const orgMeetingsSoFar = metric({
  id: 'org_meetings_so_far',
  version: 1,
  description:
    'Per organisation and meeting, the minute so far every 15 seconds: latency spread, first and last.',
  sources: meetingSources,
  key: ['org_id', 'meeting_id'],
  window: cumulate({ step: '15s', max: '1m' }),
  late: dropAndCount(),
  measures: (m) => ({
    events: m.count(),
    first_latency_ms: m.from(meetingEvents).first((e) => e.latency_ms),
    last_latency_ms: m.from(meetingEvents).last((e) => e.latency_ms),
    p90_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.9),
    approx_p50_latency_ms: m.from(meetingEvents).approxPercentile((e) => e.latency_ms, 0.5),
  }),
  having: (r) => r.events >= 2,
  sinks: [lakeTable({ table: 'org_meetings_so_far' })],
});

export default job({
  id: 'all_features',
  description:
    'Session and cumulating windows with composite keys, percentiles, first/last and having, together.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [orgMeetingSessions, orgMeetingsSoFar],
});
