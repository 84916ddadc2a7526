import type { Measure, ValueOf, Aggregations } from './measures';
import { aggregations } from './measures';
import type { LatePolicy } from './late';
import type { Sink } from './sinks';
import type { EventOf, Source } from './source';
import type { WindowSpec } from './window';
import { sessionGeometry, windowGeometry } from './window';
import type { KeySpec } from './key';
import { keyFields } from './key';
import type { TableUse, TopicUse } from './rules';
import {
  columns,
  duplicateKeyFields,
  enforce,
  enforceAll,
  lakeTables,
  measureSource,
  missingProperty,
  nonEmpty,
  nonEmptyKey,
  snakeCase,
  topics,
  version,
} from './rules';

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

/** A derived value as its row holds it: a non-finite number is written as null (SEMANTICS.md). */
type RowValueOf<T> = T extends number ? number | null : T;

/**
 * What `having` reads: the row's measures and derived measures by name (D: each derived measure's return type), not
 * the key (to leave a key out, filter its events with `where`).
 */
export type RowValues<M, D> = MeasureValues<M> & { readonly [K in keyof D]: RowValueOf<D[K]> };

/** A row filter: the row is written only when it returns true. */
export type Having<M, D> = (row: RowValues<M, D>, w: WindowInfo) => boolean;

/** Fields that are strings in every event type of the union: the fields a metric can be keyed by. */
export type KeyField<E> = { [K in keyof E]-?: E[K] extends string ? K : never }[keyof E] & string;

/** A metric's key: one key field, or a non-empty list of them (a composite key, one column per part). */
export type Key<E> = KeyField<E> | readonly [KeyField<E>, ...KeyField<E>[]];

export interface MetricDef<
  S extends readonly Source[],
  M extends Record<string, Measure>,
  D extends Record<string, DerivedValue> = Record<never, never>,
> {
  /** Stable snake_case id: names the Flink operators (and so their saved state), the table and the live rows. */
  id: string;
  /** Bump when the meaning of the rows changes. */
  version: number;
  description?: string;
  /** The topics this metric reads; their watermark is the minimum over them. */
  sources: S;
  /**
   * The field rows are grouped by, or the fields (`['org_id', 'meeting_id']`, each once): each a required string in
   * every source's events.
   */
  key: Key<EventOf<S[number]>>;
  window: WindowSpec;
  /** Required: what happens to events that arrive after their windows fired. */
  late: LatePolicy;
  /** Activity measures and presence gauges, built with the typed aggregations. */
  measures: (m: Aggregations<EventOf<S[number]>, S[number]>) => M;
  /** Measures computed from the others when a window fires, in order. */
  // Two views of one object: the record lets a derived object declared elsewhere infer M (as before `having`);
  // the mapped type infers each derived measure's return type into D, for `having`.
  derived?: Record<string, Derived<M>> & {
    [K in keyof D]: (m: MeasureValues<NoInfer<M>>, w: WindowInfo) => D[K];
  };
  /**
   * Which rows are written: a predicate over the row's measures, derived measures and window. A row it refuses
   * reaches no sink; state (presence) advances as without it.
   */
  having?: Having<M, D>;
  sinks: readonly Sink[];
}

/** A checked, frozen metric definition: what the evaluator runs and the compiler reads. */
export interface Metric {
  readonly kind: 'metric';
  readonly id: string;
  readonly version: number;
  readonly description: string;
  readonly sources: readonly Source[];
  /** As written: a field name, or the fields of a composite key (`keyFields` gives both as a list). */
  readonly key: KeySpec;
  readonly window: WindowSpec;
  readonly late: LatePolicy;
  readonly measures: Readonly<Record<string, Measure>>;
  readonly derived: Readonly<Record<string, Derived<Record<string, never>>>>;
  /** The row filter, or null when every row is written. */
  readonly having: Having<Record<string, never>, Record<string, never>> | null;
  readonly sinks: readonly Sink[];
}

/** The topics a metric reads, for the topic rules of its job. */
export function readTopics(metric: Pick<Metric, 'id' | 'sources'>): TopicUse<null>[] {
  return metric.sources.map((s) => ({
    topic: s.topic,
    role: 'source',
    owner: `metric ${metric.id}`,
    at: null,
  }));
}

/** The topics a metric writes (late output, live sinks), for the topic rules of its job. */
export function writtenTopics(metric: Pick<Metric, 'id' | 'late' | 'sinks'>): TopicUse<null>[] {
  const owner = `metric ${metric.id}`;
  return [
    ...(metric.late.policy === 'side-output'
      ? [{ topic: metric.late.topic, role: 'late side output' as const, owner, at: null }]
      : []),
    ...metric.sinks.flatMap((sink) =>
      sink.kind === 'live-topic' ? [{ topic: sink.topic, role: 'live topic' as const, owner, at: null }] : [],
    ),
  ];
}

/** The lake tables a metric writes, for the table rules of its job. */
export function writtenTables(metric: Pick<Metric, 'id' | 'sinks'>): TableUse<null>[] {
  return metric.sinks.flatMap((sink) =>
    sink.kind === 'lake-table'
      ? [{ schema: sink.schema, table: sink.table, metricId: metric.id, at: null }]
      : [],
  );
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
export function metric<
  const S extends readonly Source[],
  M extends Record<string, Measure>,
  D extends Record<string, DerivedValue> = Record<never, never>,
>(def: MetricDef<S, M, D>): Metric {
  enforce(snakeCase('metric id', def.id));
  enforce(version(def.id, def.version));
  enforce(nonEmpty('no-sources', def.id, def.sources));
  if (!def.late) enforce(missingProperty('late'));
  if (def.window.kind === 'session') sessionGeometry(def.window);
  else windowGeometry(def.window);
  const key: KeySpec = typeof def.key === 'string' ? def.key : Object.freeze([...def.key]);
  const fields = keyFields(key);
  enforce(nonEmptyKey(def.id, fields));
  enforceAll(
    duplicateKeyFields(
      def.id,
      fields.map((name) => ({ name, at: null })),
    ),
  );
  const measures = def.measures(aggregations(null));
  const derived: Record<string, Derived<M>> = def.derived ?? {};
  const names = [...Object.keys(measures), ...Object.keys(derived)].map((name) => ({ name, at: null }));
  enforceAll(columns(def.id, key, names));
  const sourceTopics = def.sources.map((s) => s.topic);
  for (const [name, measure] of Object.entries(measures))
    if (measure.from !== null) enforce(measureSource(def.id, name, measure.from, sourceTopics));
  enforceAll(lakeTables(writtenTables(def)));
  enforceAll(topics([...readTopics(def), ...writtenTopics(def)]));
  return Object.freeze({
    kind: 'metric' as const,
    id: def.id,
    version: def.version,
    description: def.description ?? '',
    sources: Object.freeze([...def.sources]),
    key,
    window: def.window,
    late: def.late,
    measures: Object.freeze({ ...measures }),
    derived: Object.freeze({ ...derived }) as unknown as Metric['derived'],
    having: (def.having ?? null) as unknown as Metric['having'],
    sinks: Object.freeze([...def.sinks]),
  });
}
