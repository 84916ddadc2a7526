import type { Measure, ValueOf, Aggregations } from './measures';
import { aggregations } from './measures';
import type { LatePolicy } from './late';
import type { Sink } from './sinks';
import type { EventOf, Source } from './source';
import type { WindowSpec } from './window';
import { windowGeometry } from './window';
import { DslError } from './duration';

/** The window a derived measure is computed for. Times are epoch milliseconds, `[start, end)`. */
export interface WindowInfo {
  readonly start: number;
  readonly end: number;
  /** Window length in seconds, e.g. 30 for `tumbling('30s')`. */
  readonly seconds: number;
}

/** The values of a metric's measures in one window, as a derived measure sees them. */
export type MeasureValues<M> = { readonly [K in keyof M]: ValueOf<M[K]> };

/** A value a derived measure may produce: a number (double), a string, a boolean, or null. */
export type DerivedValue = number | string | boolean | null;

/** A derived measure: a pure function of the window's measures (and its bounds). */
export type Derived<M> = (m: MeasureValues<M>, w: WindowInfo) => DerivedValue;

/** Fields that are strings in every event type of the union: the fields a metric can be keyed by. */
export type KeyField<E> = { [K in keyof E]-?: E[K] extends string ? K : never }[keyof E] & string;

/** Column names every row has besides its measures. */
export const RESERVED_COLUMNS = ['window_start', 'window_end', 'date'] as const;

export interface MetricDef<S extends readonly Source[], M extends Record<string, Measure>> {
  /** Stable snake_case id: names the Flink operators (and so their saved state), the table and the live rows. */
  id: string;
  /** Bump when the meaning of the rows changes. */
  version: number;
  description?: string;
  /** The topics this metric reads; their watermark is the minimum over them. */
  sources: S;
  /** The field rows are grouped by; must be a string in every source's events. */
  key: KeyField<EventOf<S[number]>>;
  window: WindowSpec;
  /** Required: what happens to events that arrive after their windows fired. */
  late: LatePolicy;
  /** Activity measures and presence gauges, built with the typed aggregations. */
  measures: (m: Aggregations<EventOf<S[number]>, S[number]>) => M;
  /** Measures computed from the others when a window fires, in order. */
  derived?: Record<string, Derived<M>>;
  sinks: readonly Sink[];
}

/** A checked, frozen metric definition: what the evaluator runs and the compiler reads. */
export interface Metric {
  readonly kind: 'metric';
  readonly id: string;
  readonly version: number;
  readonly description: string;
  readonly sources: readonly Source[];
  readonly key: string;
  readonly window: WindowSpec;
  readonly late: LatePolicy;
  readonly measures: Readonly<Record<string, Measure>>;
  readonly derived: Readonly<Record<string, Derived<Record<string, never>>>>;
  readonly sinks: readonly Sink[];
}

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export function checkSnakeCase(what: string, name: string): void {
  if (!SNAKE_CASE.test(name))
    throw new DslError('not-snake-case', `${what} '${name}' must be snake_case (a-z, 0-9, _)`);
}

/**
 * Defines a metric: keyed windows over one or more sources, their measures, derived measures, late-data policy and
 * sinks. Everything is typed by the sources' Avro schemas, so a wrong field name does not compile.
 *
 * @example
 * export const chatActivity = metric({
 *   id: 'chat_activity_30s',
 *   version: 1,
 *   sources: [chatEvents],
 *   key: 'meeting_id',
 *   window: tumbling('30s'),
 *   late: dropAndCount(),
 *   measures: (m) => ({ messages: m.count({ where: (e) => e.event_type === 'message' }) }),
 *   derived: { message_rate: (m, w) => m.messages / w.seconds },
 *   sinks: [lakeTable({ table: 'chat_activity_30s' })],
 * });
 */
export function metric<const S extends readonly Source[], M extends Record<string, Measure>>(
  def: MetricDef<S, M>,
): Metric {
  checkSnakeCase('metric id', def.id);
  if (!Number.isInteger(def.version) || def.version < 1) {
    throw new DslError(
      'bad-version',
      `metric ${def.id}: version must be a whole number ≥ 1, got ${def.version}`,
    );
  }
  if (def.sources.length === 0) throw new DslError('no-sources', `metric ${def.id} reads no source`);
  if (!def.late) throw new DslError('missing-late-policy', `metric ${def.id} declares no late-data policy`);
  windowGeometry(def.window);
  const measures = def.measures(aggregations(null));
  const derived = (def.derived ?? {}) as Record<string, Derived<M>>;
  const taken = new Set<string>([def.key, ...RESERVED_COLUMNS]);
  for (const name of [...Object.keys(measures), ...Object.keys(derived)]) {
    checkSnakeCase(`measure of metric ${def.id}`, name);
    if (taken.has(name))
      throw new DslError(
        'duplicate-column',
        `metric ${def.id}: column '${name}' is defined twice or is reserved`,
      );
    taken.add(name);
  }
  for (const measure of Object.values(measures)) {
    if (measure.from !== null && !def.sources.some((s) => s.topic === measure.from)) {
      throw new DslError(
        'unknown-source',
        `metric ${def.id}: a measure reads ${measure.from}, which is not one of its sources`,
      );
    }
  }
  return Object.freeze({
    kind: 'metric' as const,
    id: def.id,
    version: def.version,
    description: def.description ?? '',
    sources: Object.freeze([...def.sources]),
    key: def.key,
    window: def.window,
    late: def.late,
    measures: Object.freeze({ ...measures }),
    derived: Object.freeze({ ...derived }) as unknown as Metric['derived'],
    sinks: Object.freeze([...def.sinks]),
  });
}
