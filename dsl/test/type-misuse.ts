// Type-level tests: every expect-error directive below marks misuse that must NOT compile. If a change to the DSL
// lets one of them compile, TypeScript reports the directive as unused and `type-misuse.test.ts` fails.
import { cumulate, dropAndCount, lakeTable, metric, session, source, sliding, tumbling } from '..';
import type { Duration } from '..';
import { chatEvents, meetingEvents, userEvents } from '../../jobs/sources';

const base = {
  id: 'type_test',
  version: 1,
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  sinks: [lakeTable({ table: 'type_test' })],
} as const;

// Correct use compiles, with inline measures and derived measures typed from the schemas.
export const ok = metric({
  ...base,
  sources: [userEvents, chatEvents, meetingEvents],
  measures: (m) => ({
    users: m.countDistinct((e) => e.user_id),
    chars: m.from(chatEvents).sum((e) => e.message_length),
    lag: m.from(meetingEvents).max((e) => e.jitter_ms, { where: (e) => e.event_type === 'network_lag' }),
  }),
  derived: {
    chars_per_user: (m) => m.chars / Math.max(m.users, 1),
    lag_or_zero: (m) => m.lag ?? 0,
    per_second: (m, w) => m.users / w.seconds,
  },
});

export const unknownField = metric({
  ...base,
  sources: [chatEvents],
  // @ts-expect-error: chat events have no field `username`
  measures: (m) => ({ users: m.countDistinct((e) => e.username) }),
});

export const avgOverString = metric({
  ...base,
  sources: [chatEvents],
  // @ts-expect-error: avg needs a number, user_id is a string
  measures: (m) => ({ avg_user: m.avg((e) => e.user_id) }),
});

export const percentileOverString = metric({
  ...base,
  sources: [chatEvents],
  // @ts-expect-error: percentile needs a number, user_id is a string
  measures: (m) => ({ p95_user: m.percentile((e) => e.user_id, 0.95) }),
});

export const percentileWithoutFraction = metric({
  ...base,
  sources: [meetingEvents],
  // @ts-expect-error: percentile needs its fraction, e.g. 0.95
  measures: (m) => ({ p95: m.percentile((e) => e.latency_ms) }),
});

export const approxPercentileOverString = metric({
  ...base,
  sources: [chatEvents],
  // @ts-expect-error: approxPercentile needs a number, user_id is a string
  measures: (m) => ({ p95_user: m.approxPercentile((e) => e.user_id, 0.95) }),
});

export const approxPercentileWithoutFraction = metric({
  ...base,
  sources: [meetingEvents],
  // @ts-expect-error: approxPercentile needs its fraction, e.g. 0.95
  measures: (m) => ({ p95: m.approxPercentile((e) => e.latency_ms) }),
});

export const approxPercentileRelativeErrorAsText = metric({
  ...base,
  sources: [meetingEvents],
  measures: (m) => ({
    // @ts-expect-error: relativeError is a number (0.01 is 1 %), not text
    p95: m.approxPercentile((e) => e.latency_ms, 0.95, { relativeError: '1%' }),
  }),
});

export const fieldOfAnotherSource = metric({
  ...base,
  sources: [chatEvents, meetingEvents],
  // @ts-expect-error: latency_ms exists only on meeting events; narrow with m.from(meetingEvents)
  measures: (m) => ({ lag: m.avg((e) => e.latency_ms) }),
});

// @ts-expect-error: a metric without a late-data policy does not compile (there is no default)
export const missingLatePolicy = metric({
  id: 'no_late',
  version: 1,
  key: 'meeting_id',
  window: tumbling('30s'),
  sinks: [],
  sources: [chatEvents],
  measures: (m) => ({ n: m.count() }),
});

// @ts-expect-error: '30 seconds' is not a duration literal
export const badDuration = tumbling('30 seconds');

// @ts-expect-error: a duration needs a unit
export const unitless: Duration = '30';

// A cumulating window is a step and a max, both durations.
export const okCumulate = metric({
  ...base,
  window: cumulate({ step: '1m', max: '1d' }),
  sources: [userEvents],
  measures: (m) => ({ joins: m.count() }),
  derived: { joins_per_second: (m, w) => m.joins / w.seconds },
});

// @ts-expect-error: a cumulating window needs its max
export const cumulateWithoutMax = cumulate({ step: '1m' });

export const cumulateBadStep = cumulate({
  // @ts-expect-error: '1 minute' is not a duration
  step: '1 minute',
  max: '1d',
});

// @ts-expect-error: cumulate takes { step, max }, not a size
export const cumulateOfSize = cumulate('1m');

export const cumulateWithSlide = cumulate({
  step: '1m',
  max: '1h',
  // @ts-expect-error: a cumulating window has no slide
  slide: '1m',
});

export const badSliding = sliding({
  size: '60s',
  // @ts-expect-error: 'fortnight' is not a unit
  slide: '1fortnight',
});

// @ts-expect-error: a session window needs its gap
export const sessionWithoutGap = session({ maxDuration: '4h' });

// @ts-expect-error: the gap is a duration literal, not a number of milliseconds
export const numericGap = session({ gap: 300_000 });

export const badMaxDuration = session({
  gap: '5m',
  // @ts-expect-error: '4 hours' is not a duration literal
  maxDuration: '4 hours',
});

// @ts-expect-error: a session has a gap, not a size (tumbling's and sliding's word)
export const sessionWithSize = session({ size: '5m' });

export const badKey = metric({
  ...base,
  sources: [meetingEvents],
  // @ts-expect-error: the key must be a string field of every source (latency_ms is a nullable number)
  key: 'latency_ms',
  measures: (m) => ({ n: m.count() }),
});

export const derivedUnknownMeasure = metric({
  ...base,
  sources: [chatEvents],
  measures: (m) => ({ n: m.count() }),
  // @ts-expect-error: derived measures see only declared measures
  derived: { rate: (m) => m.messages / 30 },
});

export const nullableArithmetic = metric({
  ...base,
  sources: [meetingEvents],
  measures: (m) => ({ lag: m.avg((e) => e.latency_ms) }),
  // @ts-expect-error: avg may be null; arithmetic needs a null check (`?? 0`)
  derived: { double_lag: (m) => m.lag * 2 },
});

export const badEventTime = source({
  topic: 'chat_events',
  // @ts-expect-error: the event time must be a timestamp-millis field
  eventTime: 'message_length',
  watermark: { maxOutOfOrder: '5s', idleAfter: '1m' },
});

// @ts-expect-error: the watermark has no default either
export const noWatermark = source({ topic: 'chat_events', eventTime: 'timestamp' });

export const unknownTopic = source({
  // @ts-expect-error: no such topic
  topic: 'audit_events',
  eventTime: 'timestamp',
  watermark: { maxOutOfOrder: '5s', idleAfter: '1m' },
});

// `having` reads the row: measures and derived measures (a derived number may be null: non-finite is null).
export const havingOk = metric({
  ...base,
  sources: [chatEvents],
  measures: (m) => ({ messages: m.count(), avg_len: m.avg((e) => e.message_length) }),
  derived: { busy: (m) => m.messages > 10, rate: (m, w) => m.messages / w.seconds },
  having: (r, w) => r.busy && (r.rate ?? 0) >= 0.5 && (r.avg_len ?? 0) > 0 && w.seconds === 30,
});

export const havingMeasuresOnly = metric({
  ...base,
  sources: [chatEvents],
  measures: (m) => ({ messages: m.count() }),
  having: (r) => r.messages >= 3,
});

export const havingUnknownColumn = metric({
  ...base,
  sources: [chatEvents],
  measures: (m) => ({ messages: m.count() }),
  derived: { rate: (m) => m.messages / 30 },
  // @ts-expect-error: having sees the row's measures and derived measures only
  having: (r) => r.users >= 3,
});

export const havingUnknownColumnWithoutDerived = metric({
  ...base,
  sources: [chatEvents],
  measures: (m) => ({ messages: m.count() }),
  // @ts-expect-error: without derived measures, having still sees only the measures
  having: (r) => r.users >= 3,
});

export const havingReadsEvent = metric({
  ...base,
  sources: [chatEvents],
  measures: (m) => ({ messages: m.count() }),
  // @ts-expect-error: having reads the row, not an event's fields (nor the key)
  having: (r) => r.meeting_id === 'm-1',
});

export const havingNotBoolean = metric({
  ...base,
  sources: [chatEvents],
  measures: (m) => ({ messages: m.count() }),
  // @ts-expect-error: having returns a boolean, not a number
  having: (r) => r.messages,
});

export const havingNullableDerived = metric({
  ...base,
  sources: [chatEvents],
  measures: (m) => ({ messages: m.count() }),
  derived: { rate: (m) => m.messages / 30 },
  // @ts-expect-error: a derived number may be null in the row (non-finite is null): handle it first
  having: (r) => r.rate >= 1,
});

// Composite keys: every part a required string field of every source, and at least one part.
export const compositeKey = metric({
  ...base,
  sources: [userEvents, chatEvents, meetingEvents],
  key: ['org_id', 'meeting_id'],
  measures: (m) => ({ n: m.count() }),
});

export const compositeKeyUnknownField = metric({
  ...base,
  sources: [chatEvents],
  // @ts-expect-error: chat events have no field `room_id`
  key: ['org_id', 'room_id'],
  measures: (m) => ({ n: m.count() }),
});

export const compositeKeyNullableField = metric({
  ...base,
  sources: [chatEvents],
  // @ts-expect-error: emoji may be null
  key: ['meeting_id', 'emoji'],
  measures: (m) => ({ n: m.count() }),
});

export const compositeKeyNumberField = metric({
  ...base,
  sources: [chatEvents],
  // @ts-expect-error: message_length is a number
  key: ['meeting_id', 'message_length'],
  measures: (m) => ({ n: m.count() }),
});

export const compositeKeyMissingFromOneSource = metric({
  ...base,
  sources: [userEvents, chatEvents],
  // @ts-expect-error: client_platform is a field of user events only
  key: ['meeting_id', 'client_platform'],
  measures: (m) => ({ n: m.count() }),
});

export const compositeKeyEmpty = metric({
  ...base,
  sources: [chatEvents],
  // @ts-expect-error: a composite key names at least one field
  key: [],
  measures: (m) => ({ n: m.count() }),
});

// first/last: the column's type follows the value; a value that is not a number, string or boolean does not compile.
export const firstLast = metric({
  ...base,
  sources: [userEvents, meetingEvents],
  measures: (m) => ({
    first_user: m.first((e) => e.user_id),
    last_latency: m.from(meetingEvents).last((e) => e.latency_ms),
    last_join: m.from(userEvents).last((e) => e.event_type === 'join'),
  }),
  derived: {
    user_length: (m) => (m.first_user === null ? 0 : m.first_user.length),
    latency_or_zero: (m) => m.last_latency ?? 0,
  },
});

export const firstObject = metric({
  ...base,
  sources: [userEvents],
  // @ts-expect-error: first picks a number, string or boolean, not an object
  measures: (m) => ({ first: m.first((e) => ({ user: e.user_id })) }),
});

export const lastUnknownField = metric({
  ...base,
  sources: [chatEvents],
  // @ts-expect-error: chat events have no field `latency_ms`
  measures: (m) => ({ last: m.last((e) => e.latency_ms) }),
});

export const firstNullUnchecked = metric({
  ...base,
  sources: [meetingEvents],
  measures: (m) => ({ first: m.first((e) => e.latency_ms) }),
  // @ts-expect-error: a first is null when the window has no value
  derived: { doubled: (m) => m.first * 2 },
});

export const firstStringIsNotANumber = metric({
  ...base,
  sources: [userEvents],
  measures: (m) => ({ first: m.first((e) => e.user_id) }),
  derived: {
    // @ts-expect-error: a first of a string is a string (or null), not a number
    doubled: (m) => (m.first ?? 0) * 2,
  },
});
