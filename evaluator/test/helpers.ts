// Small builders for evaluator tests: events at readable offsets from a base time, and one-metric jobs.
import type { DerivedValue, Measure, Metric } from '../../dsl';
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
import type { Job, MetricDef, Source } from '../../dsl';
import type { InputRecord, MetricRow, Row } from '..';
import { chatEvents, meetingEvents, meetingSources, userEvents } from '../../jobs/sources';

/** 2026-11-25T10:00:00Z: a multiple of every window size used in tests. */
export const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
/** A processing clock well after every test event. */
export const NOW = T0 + 86_400_000;

let nextId = 0;
const offsets = new Map<string, number>();

type Extra = Record<string, unknown>;

function record(topic: string, value: Extra): InputRecord {
  const offset = offsets.get(topic) ?? 0;
  offsets.set(topic, offset + 1);
  return { topic, partition: 0, offset, value };
}

function base(type: string, meeting: string, user: string, atMs: number): Extra {
  return {
    event_id: `t${++nextId}`,
    event_type: type,
    meeting_id: meeting,
    user_id: user,
    org_id: 'org-1',
    timestamp: T0 + atMs,
  };
}

export const user = (type: 'join' | 'leave', meeting: string, who: string, atMs: number, extra: Extra = {}) =>
  record('user_events', { ...base(type, meeting, who, atMs), ...extra });

export const chat = (
  type: 'message' | 'reaction' | 'emoji',
  meeting: string,
  who: string,
  atMs: number,
  extra: Extra = {},
) => record('chat_events', { message_length: 10, emoji: null, ...base(type, meeting, who, atMs), ...extra });

export const media = (
  type: 'video_start' | 'video_stop' | 'screen_share' | 'network_lag',
  meeting: string,
  who: string,
  atMs: number,
  extra: Extra = {},
) =>
  record('meeting_events', {
    latency_ms: null,
    packet_loss_pct: null,
    jitter_ms: null,
    ...base(type, meeting, who, atMs),
    ...extra,
  });

export { chatEvents, meetingEvents, userEvents, meetingSources };

type AnyDef<
  M extends Record<string, Measure> = Record<string, Measure>,
  D extends Record<string, DerivedValue> = Record<string, DerivedValue>,
> = MetricDef<typeof meetingSources, M, D>;

/**
 * A one-metric job over all three topics with overridable parts (tumbling 30 s, drop-and-count by default). M is
 * inferred, so derived measures and `having` see each measure's own value type (a `first` may be a string).
 */
export function testJob<
  M extends Record<string, Measure>,
  D extends Record<string, DerivedValue> = Record<never, never>,
>(overrides: Partial<AnyDef<M, D>> & Pick<AnyDef<M, D>, 'measures'>): Job {
  const m: Metric = metric({
    id: 'test_metric',
    version: 1,
    sources: meetingSources,
    key: 'meeting_id',
    window: tumbling('30s'),
    late: dropAndCount(),
    sinks: [lakeTable({ table: 'test_metric' })],
    ...overrides,
  } as unknown as AnyDef);
  return job({ id: 'test_job', deadLetterTopic: 'dlq', metrics: [m] });
}

/** A job over the given sources only (for watermark tests). */
export function jobOver(
  sources: readonly Source[],
  overrides: Partial<AnyDef> & Pick<AnyDef, 'measures'>,
): Job {
  return testJob({ ...overrides, sources } as Partial<AnyDef> & Pick<AnyDef, 'measures'>);
}

/** Rows of one metric, sorted by key then window start, for order-insensitive comparison. */
export function sortedRows(rows: readonly MetricRow[]): Row[] {
  return rows
    .map((r) => r.row)
    .sort(
      (a, b) =>
        String(a.meeting_id).localeCompare(String(b.meeting_id)) ||
        (a.window_start as number) - (b.window_start as number),
    );
}
