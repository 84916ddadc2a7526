// Exercises the expression subset end to end: integer widening, nullable fields, narrowing, ??, ternaries,
// string methods, Math, imported consts, block bodies; sum/min/max/countDistinct, m.from(…) over two sources and a
// lake schema of its own. Windows, late policies and sinks have their own cases (ok-*).
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../../../../dsl';
import { CRITICAL_LATENCY_MS, DEGRADED_LATENCY_MS } from '../../../../../jobs/meeting-measures';
import { chatEvents, meetingEvents } from '../../../../../jobs/sources';

const LONG_MESSAGE = 280;
const THRESHOLDS = { jitter: 30 } as const;

const chatQuality = metric({
  id: 'chat_quality_1m',
  version: 2,
  sources: [chatEvents, meetingEvents],
  key: 'meeting_id',
  window: tumbling('1m'),
  late: dropAndCount(),
  measures: (m) => ({
    senders: m.countDistinct((e) => e.user_id.trim().toLowerCase()),
    chars: m.from(chatEvents).sum((e) => e.message_length, { where: (e) => e.event_type === 'message' }),
    long_messages: m
      .from(chatEvents)
      .count({ where: (e) => e.message_length >= LONG_MESSAGE && !e.user_id.startsWith('bot-') }),
    party_emoji: m
      .from(chatEvents)
      .count({ where: (e) => e.emoji !== null && (e.emoji.includes('🎉') || e.emoji.length > 4) }),
    max_jitter: m.from(meetingEvents).max((e) => e.jitter_ms),
    min_latency: m.from(meetingEvents).min((e) => (e.latency_ms === null ? null : Math.round(e.latency_ms)), {
      where: (e) => e.event_type === 'network_lag',
    }),
  }),
  derived: {
    chars_per_sender: (m) => m.chars / Math.max(m.senders, 1),
    jitter_band: (m) => {
      const jitter = m.max_jitter ?? -1;
      if (jitter < 0) return null;
      if (jitter >= THRESHOLDS.jitter) return 'high';
      return 'ok';
    },
    latency_level: (m) =>
      m.min_latency === null
        ? 0
        : m.min_latency >= CRITICAL_LATENCY_MS
          ? 2
          : m.min_latency >= DEGRADED_LATENCY_MS
            ? 1
            : 0,
    quiet: (m, w) => m.chars === 0 && w.seconds % 2 === 0,
    floor_minutes: (_m, w) => Math.floor((w.end - w.start) / 60000) + Math.abs(-0) + Math.ceil(0.5),
  },
  sinks: [lakeTable({ table: 'chat_quality_1m', schema: 'quality' })],
});

export default job({
  id: 'chat_quality',
  description: 'Golden test job.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [chatQuality],
});
