// The benchmark's session-window metric (issue #17): per meeting, sessions of activity until five quiet minutes,
// with measures Flink SQL's SESSION window TVF can express too (counts, a distinct count, filtered counts, a
// filtered average and maximum, and derived measures from the session's bounds), so that its rows can be diffed
// with the generated job's. No maxDuration and no presence: SQL has neither (bench/README.md, part 7).
// Compiled by the bench driver (bench/src/features.ts) into bench/results/tmp/, never into generated-java/.
import { dropAndCount, job, lakeTable, metric, session } from '../../dsl';
import { chatEvents, meetingEvents, meetingSources, userEvents } from '../../jobs/sources';

/** The simulator's gaps within a meeting are under 17 s (99.99 %); five minutes ends a session with its meeting. */
export const SESSION_GAP = '5m';

export const meetingSessions = metric({
  id: 'bench_meeting_sessions',
  version: 1,
  description: 'Activity and network quality per meeting session (five quiet minutes end a session).',
  sources: meetingSources,
  key: 'meeting_id',
  window: session({ gap: SESSION_GAP }),
  late: dropAndCount(),
  measures: (m) => ({
    events: m.count(),
    active_users: m.countDistinct((e) => e.user_id),
    joins: m.from(userEvents).count({ where: (e) => e.event_type === 'join' }),
    messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
    lag_reports: m.from(meetingEvents).count({ where: (e) => e.event_type === 'network_lag' }),
    avg_latency_ms: m
      .from(meetingEvents)
      .avg((e) => e.latency_ms, { where: (e) => e.event_type === 'network_lag' }),
    max_latency_ms: m
      .from(meetingEvents)
      .max((e) => e.latency_ms, { where: (e) => e.event_type === 'network_lag' }),
  }),
  derived: {
    session_minutes: (m, w) => w.seconds / 60,
    messages_per_minute: (m, w) => (m.messages * 60) / w.seconds,
  },
  sinks: [lakeTable({ table: 'bench_meeting_sessions' })],
});

export default job({
  id: 'bench_sessions',
  description: 'Benchmark: a session-window metric against Flink SQL.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [meetingSessions],
});
