import type { Topic, TopicEvents, TopicTimestampFields } from '../schemas/generated/events';
import type { Duration } from './duration';
import { parseDuration } from './duration';
import { enforce, timestampBound, topicName } from './rules';

/** How far event time may run behind the newest event before the watermark passes it, and when a quiet source stops holding the watermark back. */
export interface WatermarkSpec {
  /** Bounded out-of-orderness: watermark = highest event time seen − maxOutOfOrder − 1 ms. */
  readonly maxOutOfOrder: Duration;
  /** After this long without events (processing time), the source is idle and no longer holds the watermark back. */
  readonly idleAfter: Duration;
}

/** Event times outside these bounds are dead-lettered before they can poison the watermark. */
export interface TimestampBounds {
  /** Earliest believable event time, ISO-8601 (default 2000-01-01T00:00:00Z). */
  readonly notBefore: string;
  /** How far ahead of the processing clock an event time may be (default '1h'). */
  readonly maxAheadOfNow: Duration;
}

/** A Kafka topic of Avro events, read with an event-time field and a watermark. */
export interface Source<T extends Topic = Topic> {
  readonly kind: 'source';
  readonly topic: T;
  readonly eventTime: TopicTimestampFields[T];
  readonly watermark: WatermarkSpec;
  readonly timestampBounds: TimestampBounds;
  /** Type-level only: the event type of the topic. Never set at run time. */
  readonly __event?: TopicEvents[T];
}

/** The event type of a source, or the union of them for a tuple of sources. */
export type EventOf<S> = S extends Source<infer T> ? TopicEvents[T] : never;

export const DEFAULT_TIMESTAMP_BOUNDS: TimestampBounds = {
  notBefore: '2000-01-01T00:00:00Z',
  maxAheadOfNow: '1h',
};

/**
 * Declares a topic as an event source. The event-time field must be a `timestamp-millis` field of the topic's
 * schema, and the watermark has no default: every source says how much disorder it tolerates.
 *
 * @example
 * export const chatEvents = source({
 *   topic: 'chat_events',
 *   eventTime: 'timestamp',
 *   watermark: { maxOutOfOrder: '5s', idleAfter: '1m' },
 * });
 */
export function source<T extends Topic>(def: {
  topic: T;
  eventTime: TopicTimestampFields[T];
  watermark: WatermarkSpec;
  timestampBounds?: Partial<TimestampBounds>;
}): Source<T> {
  enforce(topicName('the source', def.topic));
  parseDuration(def.watermark.maxOutOfOrder);
  parseDuration(def.watermark.idleAfter);
  const timestampBounds = { ...DEFAULT_TIMESTAMP_BOUNDS, ...def.timestampBounds };
  parseDuration(timestampBounds.maxAheadOfNow);
  enforce(timestampBound(timestampBounds.notBefore));
  return Object.freeze({
    kind: 'source' as const,
    topic: def.topic,
    eventTime: def.eventTime,
    watermark: Object.freeze({ ...def.watermark }),
    timestampBounds: Object.freeze(timestampBounds),
  });
}
