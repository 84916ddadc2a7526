// The per-meeting measures of DESIGN §5, shared by the tumbling and the sliding job so both compute the same
// thing over different windows.
import type { Aggregations, EventOf, MeasureValues, WindowInfo } from '../dsl';
import type { meetingSources } from './sources';
import { chatEvents, meetingEvents, userEvents } from './sources';

/** Network health thresholds: at or above them a meeting is degraded or critical. */
export const DEGRADED_LATENCY_MS = 150;
export const CRITICAL_LATENCY_MS = 300;
export const DEGRADED_PACKET_LOSS_PCT = 2;
export const CRITICAL_PACKET_LOSS_PCT = 5;
/** A participant who joined and never left stops counting after this long (lost clients never send a leave). */
export const PRESENCE_TTL = '4h';

type MeetingSource = (typeof meetingSources)[number];

export const meetingMeasures = (m: Aggregations<EventOf<MeetingSource>, MeetingSource>) => ({
  active_users: m.countDistinct((e) => e.user_id),
  participants: m.from(userEvents).presence({
    member: (e) => e.user_id,
    joins: (e) => e.event_type === 'join',
    leaves: (e) => e.event_type === 'leave',
    ttl: PRESENCE_TTL,
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
  // An average hides the bad calls: the 95th percentile of the same reports (exact; a window holds few).
  p95_latency_ms: m
    .from(meetingEvents)
    .percentile((e) => e.latency_ms, 0.95, { where: (e) => e.event_type === 'network_lag' }),
  avg_packet_loss_pct: m
    .from(meetingEvents)
    .avg((e) => e.packet_loss_pct, { where: (e) => e.event_type === 'network_lag' }),
});

type Measures = MeasureValues<ReturnType<typeof meetingMeasures>>;

export const meetingDerived = {
  message_rate: (m: Measures, w: WindowInfo) => m.message_count / w.seconds,
  churn_rate: (m: Measures) => (m.joins + m.leaves) / Math.max(m.active_users, 1),
  engagement_score: (m: Measures) => {
    const n = Math.max(m.active_users, 1);
    return (
      100 *
      (0.4 * Math.min(1, m.message_count / n / 2) +
        0.2 * Math.min(1, m.reaction_count / n / 2) +
        0.25 * Math.min(1, m.video_starts / n) +
        0.15 * Math.min(1, m.screen_shares))
    );
  },
  meeting_health: (m: Measures) => {
    const latency = m.avg_latency_ms ?? 0;
    const loss = m.avg_packet_loss_pct ?? 0;
    if (latency >= CRITICAL_LATENCY_MS || loss >= CRITICAL_PACKET_LOSS_PCT) return 'critical';
    if (latency >= DEGRADED_LATENCY_MS || loss >= DEGRADED_PACKET_LOSS_PCT) return 'degraded';
    return 'healthy';
  },
};
