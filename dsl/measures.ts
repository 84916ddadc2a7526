// Measures: what a window computes from its events. Each measure is a small frozen description holding the metric
// author's own arrow functions; the reference evaluator calls them as they are, and the compiler translates their
// source text to Java.
import type { Topic } from '../schemas/generated/events';
import type { Duration } from './duration';
import { parseDuration } from './duration';
import { approxRelativeError, DEFAULT_RELATIVE_ERROR, enforce, percentileFraction } from './rules';
import type { EventOf, Source } from './source';

/** A per-event condition, e.g. `(e) => e.event_type === 'message'`. */
export type Where<E> = (e: E) => boolean;
/** A per-event number; `null` and `undefined` are skipped by every aggregate. */
export type NumberOf<E> = (e: E) => number | null | undefined;
/** A per-event value to count distinct occurrences of; `null` and `undefined` are skipped. */
export type DistinctOf<E> = (e: E) => string | number | null | undefined;

/** A per-event value `first`/`last` may pick: its type is the column's; `null` and `undefined` are skipped. */
export type PickOf<E, V extends number | string | boolean> = (e: E) => V | null | undefined;

/** Options every activity measure accepts. */
export interface MeasureOptions<E> {
  /** Only events for which this is true take part. */
  readonly where?: Where<E>;
}

interface MeasureBase<V> {
  /** Restricts the measure to events of one source topic (set by `m.from(source)`); null = all the metric's sources. */
  readonly from: Topic | null;
  /** Type-level only: the value the measure has in a row. Never set at run time. */
  readonly __value?: V;
}

/** Number of events. */
export interface CountMeasure extends MeasureBase<number> {
  readonly measure: 'count';
  readonly where: Where<never> | null;
}

/** Number of distinct non-null values. */
export interface CountDistinctMeasure extends MeasureBase<number> {
  readonly measure: 'countDistinct';
  readonly value: DistinctOf<never>;
  readonly where: Where<never> | null;
}

/** sum (0 when no value), avg, min and max (null when no value) of the non-null values. */
export interface NumericMeasure<K extends 'sum' | 'avg' | 'min' | 'max', V> extends MeasureBase<V> {
  readonly measure: K;
  readonly value: NumberOf<never>;
  readonly where: Where<never> | null;
}

/**
 * The exact percentile of the non-null values, interpolated linearly between the two nearest ranks as Flink SQL's
 * PERCENTILE does; null when there are none.
 */
export interface PercentileMeasure extends MeasureBase<number | null> {
  readonly measure: 'percentile';
  readonly value: NumberOf<never>;
  /** Within [0, 1]: 0.95 is the 95th percentile. */
  readonly fraction: number;
  readonly where: Where<never> | null;
}

/** Options of an approximate percentile. */
export interface ApproxPercentileOptions<E> extends MeasureOptions<E> {
  /** The sketch's relative error `a`, within [0.001, 0.5]; 0.01 when absent (docs/SEMANTICS.md, the bound). */
  readonly relativeError?: number;
}

/**
 * An approximate percentile from a bounded, mergeable sketch (DDSketch): within `relativeError` of the exact value at
 * the lower nearest rank; null when there are no non-null values.
 */
export interface ApproxPercentileMeasure extends MeasureBase<number | null> {
  readonly measure: 'approxPercentile';
  readonly value: NumberOf<never>;
  /** Within [0, 1]: 0.95 is the 95th percentile. */
  readonly fraction: number;
  readonly relativeError: number;
  readonly where: Where<never> | null;
}

/**
 * The value of the window's earliest (`first`) or latest (`last`) event by event time whose value is not null, ties
 * by arrival (first: the earliest arrival, last: the latest); null when there is none.
 */
export interface PickMeasure<K extends 'first' | 'last', V> extends MeasureBase<V | null> {
  readonly measure: K;
  readonly value: PickOf<never, number | string | boolean>;
  readonly where: Where<never> | null;
}

/**
 * A presence gauge: how many members (e.g. users) have joined and not left, sampled at the window's end.
 * State is kept per key across windows; a join older than `ttl` with no leave no longer counts.
 */
export interface PresenceMeasure extends MeasureBase<number> {
  readonly measure: 'presence';
  readonly member: (e: never) => string;
  readonly joins: Where<never>;
  readonly leaves: Where<never>;
  readonly ttl: Duration;
}

export type Measure =
  | CountMeasure
  | CountDistinctMeasure
  | NumericMeasure<'sum', number>
  | NumericMeasure<'avg' | 'min' | 'max', number | null>
  | PercentileMeasure
  | ApproxPercentileMeasure
  | PickMeasure<'first' | 'last', number | string | boolean>
  | PresenceMeasure;

/** The value a measure contributes to a row. */
export type ValueOf<M> = M extends MeasureBase<infer V> ? V : never;

/**
 * The aggregations a metric's `measures` function receives, typed by the metric's events. `from(source)` narrows
 * to one source's events (and only those events take part).
 */
export interface Aggregations<E, S extends Source = Source> {
  /**
   * Counts events.
   * @example joins: m.count({ where: (e) => e.event_type === 'join' })
   */
  count(options?: MeasureOptions<E>): CountMeasure;
  /**
   * Counts distinct non-null values.
   * @example active_users: m.countDistinct((e) => e.user_id)
   */
  countDistinct(value: DistinctOf<E>, options?: MeasureOptions<E>): CountDistinctMeasure;
  /**
   * Sums the non-null values; 0 when there are none.
   * @example chars: m.from(chatEvents).sum((e) => e.message_length)
   */
  sum(value: NumberOf<E>, options?: MeasureOptions<E>): NumericMeasure<'sum', number>;
  /**
   * Mean of the non-null values; null when there are none.
   * @example avg_latency_ms: m.from(meetingEvents).avg((e) => e.latency_ms, { where: (e) => e.event_type === 'network_lag' })
   */
  avg(value: NumberOf<E>, options?: MeasureOptions<E>): NumericMeasure<'avg', number | null>;
  /**
   * Smallest non-null value; null when there are none.
   * @example min_latency_ms: m.from(meetingEvents).min((e) => e.latency_ms)
   */
  min(value: NumberOf<E>, options?: MeasureOptions<E>): NumericMeasure<'min', number | null>;
  /**
   * Largest non-null value; null when there are none.
   * @example max_latency_ms: m.from(meetingEvents).max((e) => e.latency_ms)
   */
  max(value: NumberOf<E>, options?: MeasureOptions<E>): NumericMeasure<'max', number | null>;
  /**
   * The exact percentile of the non-null values (`fraction` within [0, 1]: 0.95 is the 95th), linearly
   * interpolated between the two nearest ranks as Flink SQL's PERCENTILE; null when there are none.
   * @example p95_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.95)
   */
  percentile(value: NumberOf<E>, fraction: number, options?: MeasureOptions<E>): PercentileMeasure;
  /**
   * An approximate percentile in bounded state (a DDSketch of at most 2048 buckets per sign): within
   * `relativeError` (default 0.01, within [0.001, 0.5]) of the exact value at rank ⌊fraction × (n − 1)⌋; null
   * when there are none. For long windows or many values, where `percentile` would keep every value.
   * @example p99_latency_ms: m.from(meetingEvents).approxPercentile((e) => e.latency_ms, 0.99, { relativeError: 0.01 })
   */
  approxPercentile(
    value: NumberOf<E>,
    fraction: number,
    options?: ApproxPercentileOptions<E>,
  ): ApproxPercentileMeasure;
  /**
   * The value of the window's earliest event by event time (ties: the earliest arrival) among those with a non-null
   * value; null when there is none. A number, string or boolean: the column has its type.
   * @example first_event_type: m.from(userEvents).first((e) => e.event_type)
   */
  first<V extends number | string | boolean>(
    value: PickOf<E, V>,
    options?: MeasureOptions<E>,
  ): PickMeasure<'first', V>;
  /**
   * The value of the window's latest event by event time (ties: the latest arrival) among those with a non-null
   * value; null when there is none.
   * @example last_latency_ms: m.from(meetingEvents).last((e) => e.latency_ms)
   */
  last<V extends number | string | boolean>(
    value: PickOf<E, V>,
    options?: MeasureOptions<E>,
  ): PickMeasure<'last', V>;
  /**
   * Members present at the window's end (joined, not left, join younger than `ttl`).
   * @example
   * participants: m.from(userEvents).presence({
   *   member: (e) => e.user_id,
   *   joins: (e) => e.event_type === 'join',
   *   leaves: (e) => e.event_type === 'leave',
   *   ttl: '4h',
   * })
   */
  presence(def: {
    member: (e: E) => string;
    joins: Where<E>;
    leaves: Where<E>;
    ttl: Duration;
  }): PresenceMeasure;
  /**
   * The same aggregations over the events of one of the metric's sources only, typed by that source's schema.
   * @example m.from(meetingEvents).avg((e) => e.packet_loss_pct)
   */
  from<F extends S>(source: F): Aggregations<EventOf<F>, F>;
}

// The run-time toolkit: erases the event type (functions are stored as the author wrote them).
type AnyFn = (e: never) => unknown;
function erase<F extends AnyFn | undefined>(fn: F): F {
  return fn;
}

/** Builds the toolkit handed to a metric's `measures` function; `from` is null for all sources. */
export function aggregations<E, S extends Source>(from: Topic | null): Aggregations<E, S> {
  const where = (options?: MeasureOptions<E>) =>
    options?.where ? (erase(options.where) as Where<never>) : null;
  const numeric = <K extends 'sum' | 'avg' | 'min' | 'max'>(
    measure: K,
    value: NumberOf<E>,
    options?: MeasureOptions<E>,
  ) => Object.freeze({ measure, from, value: value as NumberOf<never>, where: where(options) });
  const pick = <K extends 'first' | 'last', V extends number | string | boolean>(
    measure: K,
    value: PickOf<E, V>,
    options?: MeasureOptions<E>,
  ): PickMeasure<K, V> =>
    Object.freeze({ measure, from, value: value as PickOf<never, V>, where: where(options) });
  return {
    count: (options) => Object.freeze({ measure: 'count' as const, from, where: where(options) }),
    countDistinct: (value, options) =>
      Object.freeze({
        measure: 'countDistinct' as const,
        from,
        value: value as DistinctOf<never>,
        where: where(options),
      }),
    sum: (value, options) => numeric('sum', value, options),
    avg: (value, options) => numeric('avg', value, options),
    min: (value, options) => numeric('min', value, options),
    max: (value, options) => numeric('max', value, options),
    percentile: (value, fraction, options) => {
      enforce(percentileFraction(fraction));
      return Object.freeze({
        measure: 'percentile' as const,
        from,
        value: value as NumberOf<never>,
        fraction,
        where: where(options),
      });
    },
    approxPercentile: (value, fraction, options) => {
      const relativeError = options?.relativeError ?? DEFAULT_RELATIVE_ERROR;
      enforce(percentileFraction(fraction));
      enforce(approxRelativeError(relativeError));
      return Object.freeze({
        measure: 'approxPercentile' as const,
        from,
        value: value as NumberOf<never>,
        fraction,
        relativeError,
        where: where(options),
      });
    },
    first: (value, options) => pick('first', value, options),
    last: (value, options) => pick('last', value, options),
    presence: (def) => {
      parseDuration(def.ttl);
      return Object.freeze({
        measure: 'presence' as const,
        from,
        member: def.member as (e: never) => string,
        joins: def.joins as Where<never>,
        leaves: def.leaves as Where<never>,
        ttl: def.ttl,
      });
    },
    from: (source) => aggregations(source.topic),
  };
}
