// One definition of every rule the type system cannot express. The DSL's constructors throw the violation as a
// DslError when a definition is built (so preview and the evaluator refuse it); the compiler, which reads the job
// without running it, reports the same violation as a diagnostic at the offending node. Codes and messages are
// therefore the same on both sides, and a limit changes in one place.

import type { KeySpec } from './key';
import { keyFields } from './key';
import { parseTimestamp } from './timestamp';

/** The codes a rule can break, with what each means; the compiler's diagnostic codes include all of them. */
export const RULE_CODES = {
  'not-snake-case': 'an id, column, lake schema or table name that is not snake_case',
  'bad-version': 'a metric version that is not a whole number ≥ 1',
  'bad-duration': "a duration that is not a positive whole number and a unit, e.g. '30s'",
  'duration-too-long': 'a duration or window longer than MAX_DURATION_MS (366 days)',
  'window-size-not-multiple-of-slide': 'a sliding window whose size is not a whole multiple of its slide',
  'too-many-windows-per-event': 'a sliding window whose size / slide exceeds MAX_WINDOWS_PER_EVENT (100)',
  'cumulate-max-not-multiple-of-step': 'a cumulating window whose max is not a whole multiple of its step',
  'too-many-cumulate-steps': 'a cumulating window whose max / step exceeds MAX_CUMULATE_STEPS (1440)',
  'session-max-duration-not-above-gap': 'a session window whose maxDuration is not longer than its gap',
  'bad-timestamp-bound': "notBefore is not an ISO-8601 instant with a zone, e.g. '2000-01-01T00:00:00Z'",
  'no-sources': 'a metric that reads no source',
  'no-metrics': 'a job with no metrics',
  'duplicate-column': 'two columns of a row with the same name, or a reserved name',
  'duplicate-metric': 'two metrics of a job with the same id',
  'duplicate-table': 'one lake table written twice in a job',
  'conflicting-sources': 'one topic declared twice with different settings in a job',
  'unknown-source': 'a measure reads a source its metric does not list',
  'bad-topic-name': "a Kafka topic name outside [a-zA-Z0-9._-], longer than 249 characters, '.' or '..'",
  'topic-collision':
    'a topic a job writes (live sink, late output, dead letters) that it also reads or writes for another purpose',
  'missing-property': 'a required definition property is absent',
  'bad-percentile': 'a percentile fraction outside [0, 1]',
  'bad-relative-error': "an approxPercentile's relativeError outside [0.001, 0.5]",
  'empty-key': 'a composite key with no field',
  'duplicate-key-field': 'a composite key naming one field twice',
} as const;

export type RuleCode = keyof typeof RULE_CODES;

/** A broken rule: its code and a message naming the definition. */
export interface Violation {
  readonly code: RuleCode;
  readonly message: string;
}

/** A definition that breaks a rule the type system cannot express (ids, window arithmetic, duplicates). */
export class DslError extends Error {
  constructor(
    readonly code: RuleCode,
    message: string,
  ) {
    super(message);
    this.name = 'DslError';
  }
}

/** A property the definition needs is absent (the type checker requires it; a cast can hide that). */
export function missingProperty(property: string): Violation {
  return { code: 'missing-property', message: `'${property}' is missing` };
}

/** Throws the violation, if any: how the DSL's constructors apply a rule. */
export function enforce(violation: Violation | null): void {
  if (violation) throw new DslError(violation.code, violation.message);
}

// ---------------------------------------------------------------------------------------------------------------
// Names

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export function snakeCase(what: string, name: string): Violation | null {
  return SNAKE_CASE.test(name)
    ? null
    : { code: 'not-snake-case', message: `${what} '${name}' must be snake_case (a-z, 0-9, _)` };
}

export function version(metricId: string, value: number): Violation | null {
  return Number.isInteger(value) && value >= 1
    ? null
    : {
        code: 'bad-version',
        message: `metric ${metricId}: version must be a whole number ≥ 1, got ${value}`,
      };
}

/** A percentile's fraction: 0.95 is the 95th percentile; 0 the minimum, 1 the maximum. */
export function percentileFraction(fraction: number): Violation | null {
  return Number.isFinite(fraction) && fraction >= 0 && fraction <= 1
    ? null
    : {
        code: 'bad-percentile',
        message: `a percentile's fraction must be within [0, 1] (0.95 is the 95th percentile), got ${fraction}`,
      };
}

/** An approxPercentile's relativeError when the author gives none. */
export const DEFAULT_RELATIVE_ERROR = 0.01;

/**
 * An approxPercentile's relative error. Finer than 0.001, the sketch's 2048 buckets per sign span a ratio of values
 * under 60 and the low end folds (docs/SEMANTICS.md); coarser than 0.5, an answer may be half or one and a half times the value.
 */
export function approxRelativeError(relativeError: number): Violation | null {
  return Number.isFinite(relativeError) && relativeError >= 0.001 && relativeError <= 0.5
    ? null
    : {
        code: 'bad-relative-error',
        message: `an approxPercentile's relativeError must be within [0.001, 0.5] (0.01 is 1 %), got ${relativeError}`,
      };
}

/** Column names every row has besides its key and measures. */
export const RESERVED_COLUMNS = ['window_start', 'window_end', 'date'] as const;

/** The lake schema of a lakeTable that names none. */
export const DEFAULT_LAKE_SCHEMA = 'metrics';

/** Kafka's own limits (kafka.common.internals.Topic): legal characters and at most 249 of them. */
const TOPIC_PATTERN = /^[a-zA-Z0-9._-]+$/;
export const MAX_TOPIC_LENGTH = 249;

export function topicName(what: string, topic: string): Violation | null {
  const problem =
    topic === '.' || topic === '..'
      ? `may not be '.' or '..'`
      : topic.length > MAX_TOPIC_LENGTH
        ? `is ${topic.length} characters long, more than Kafka's ${MAX_TOPIC_LENGTH}`
        : !TOPIC_PATTERN.test(topic)
          ? 'may hold only a-z, A-Z, 0-9, ., _ and -'
          : null;
  return problem ? { code: 'bad-topic-name', message: `${what} '${topic}' ${problem}` } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Durations and windows

/** Milliseconds per unit of a duration literal. */
export const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d)$/;

/**
 * The longest duration (window size, slide, watermark, TTL, timestamp bound) a definition may hold: 366 days, a
 * leap year of daily windows. Longer values are mistakes, and past 2^53 ms they are not even exact numbers.
 */
export const MAX_DURATION_MS = 366 * UNIT_MS.d;

/**
 * How many sliding windows one event may belong to (size / slide). Every event is added to one pane, but each
 * window fire merges size / slide panes and the evaluator keeps that many windows per event.
 */
export const MAX_WINDOWS_PER_EVENT = 100;

/**
 * How many steps a cumulating window may have (max / step): a day of minutes. Each event is aggregated once,
 * into its step's slice, but every key with an event in a max window emits a row at each of its steps.
 */
export const MAX_CUMULATE_STEPS = 1440;

export type DurationResult = { ok: true; ms: number } | { ok: false; violation: Violation };

export function duration(text: string): DurationResult {
  const match = DURATION_PATTERN.exec(text);
  if (!match)
    return {
      ok: false,
      violation: {
        code: 'bad-duration',
        message: `'${text}' is not a duration: write a positive whole number and a unit, e.g. '30s', '5m'`,
      },
    };
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms <= 0)
    return { ok: false, violation: { code: 'bad-duration', message: `'${text}' must be longer than zero` } };
  if (ms > MAX_DURATION_MS)
    return {
      ok: false,
      violation: { code: 'duration-too-long', message: `'${text}' is longer than the maximum of 366 days` },
    };
  return { ok: true, ms };
}

/** A sliding window made of slide-long panes, each event in at most MAX_WINDOWS_PER_EVENT of them. */
export function slidingWindow(sizeMs: number, slideMs: number): Violation | null {
  if (sizeMs % slideMs !== 0)
    return {
      code: 'window-size-not-multiple-of-slide',
      message: `the window size (${sizeMs} ms) is not a whole multiple of its slide (${slideMs} ms)`,
    };
  if (sizeMs / slideMs > MAX_WINDOWS_PER_EVENT)
    return {
      code: 'too-many-windows-per-event',
      message: `each event would be in ${sizeMs / slideMs} windows (size ${sizeMs} ms / slide ${slideMs} ms), more than ${MAX_WINDOWS_PER_EVENT}`,
    };
  return null;
}

/** A cumulating window: windows [start, start + k·step) for k = 1..max/step, at most MAX_CUMULATE_STEPS. */
export function cumulateWindow(stepMs: number, maxMs: number): Violation | null {
  if (maxMs % stepMs !== 0)
    return {
      code: 'cumulate-max-not-multiple-of-step',
      message: `the cumulating window's max (${maxMs} ms) is not a whole multiple of its step (${stepMs} ms)`,
    };
  if (maxMs / stepMs > MAX_CUMULATE_STEPS)
    return {
      code: 'too-many-cumulate-steps',
      message: `the cumulating window would have ${maxMs / stepMs} steps (max ${maxMs} ms / step ${stepMs} ms), more than ${MAX_CUMULATE_STEPS}`,
    };
  return null;
}

/**
 * A session window's maxDuration cuts sessions (docs/SEMANTICS.md): it must leave room for more than one event's
 * gap, else every event would be a session of its own and the cut would never hold.
 */
export function sessionWindow(gapMs: number, maxDurationMs: number | null): Violation | null {
  if (maxDurationMs === null || maxDurationMs > gapMs) return null;
  return {
    code: 'session-max-duration-not-above-gap',
    message: `a session's maxDuration (${maxDurationMs} ms) must be longer than its gap (${gapMs} ms)`,
  };
}

/** notBefore: an ISO-8601 instant with an explicit zone, so that it means the same on every machine. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function timestampBound(text: string): Violation | null {
  return ISO_INSTANT.test(text) && parseTimestamp(text).ok
    ? null
    : { code: 'bad-timestamp-bound', message: `notBefore '${text}' is not an ISO-8601 instant with a zone` };
}

/** The instant of a notBefore that {@link timestampBound} accepted. */
export function timestampBoundMillis(text: string): number {
  const parsed = parseTimestamp(text);
  if (!parsed.ok) throw new Error(`notBefore '${text}' was not checked: ${parsed.problem}`);
  return parsed.millis;
}

/** A measure narrowed with `m.from(source)` reads one of its metric's sources. */
export function measureSource(
  metricId: string,
  measure: string,
  topic: string,
  sources: readonly string[],
): Violation | null {
  return sources.includes(topic)
    ? null
    : {
        code: 'unknown-source',
        message: `metric ${metricId}: measure '${measure}' reads ${topic}, which is not one of its sources`,
      };
}

/** Metrics of one job share each source: a topic declared twice must be declared the same. */
export function conflictingSource(jobId: string, topic: string): Violation {
  return {
    code: 'conflicting-sources',
    message: `job ${jobId}: topic ${topic} is declared twice with different settings`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Collections: each takes the items with a place `at` (nothing for the DSL, a source span for the compiler) and
// returns each offending item with its violation, in input order.

export interface Found<T> {
  readonly at: T;
  readonly violation: Violation;
}

/** Throws the first violation found over a collection, if any. */
export function enforceAll(found: readonly Found<unknown>[]): void {
  enforce(found[0]?.violation ?? null);
}

export function nonEmpty<T>(
  code: 'no-sources' | 'no-metrics',
  what: string,
  items: readonly T[],
): Violation | null {
  return items.length > 0
    ? null
    : {
        code,
        message: code === 'no-sources' ? `metric ${what} reads no source` : `job ${what} has no metrics`,
      };
}

export function duplicateMetrics<T>(jobId: string, metrics: readonly { id: string; at: T }[]): Found<T>[] {
  return repeated(metrics, (m) => m.id).map(({ item }) => ({
    at: item.at,
    violation: { code: 'duplicate-metric', message: `job ${jobId}: metric id '${item.id}' is used twice` },
  }));
}

/** A composite key names at least one field (the type refuses `[]`; a cast does not). */
export function nonEmptyKey(metricId: string, fields: readonly string[]): Violation | null {
  return fields.length > 0
    ? null
    : { code: 'empty-key', message: `metric ${metricId}: the key names no field` };
}

/** Each field of a composite key once: its parts are the row's key columns. */
export function duplicateKeyFields<T>(
  metricId: string,
  parts: readonly { name: string; at: T }[],
): Found<T>[] {
  return repeated(parts, (p) => p.name).map(({ item }) => ({
    at: item.at,
    violation: {
      code: 'duplicate-key-field',
      message: `metric ${metricId}: key field '${item.name}' is named twice`,
    },
  }));
}

/** Key, measures and derived measures share one row with the reserved columns: every name once, snake_case. */
export function columns<T>(
  metricId: string,
  key: KeySpec,
  names: readonly { name: string; at: T }[],
): Found<T>[] {
  const found: Found<T>[] = [];
  const taken = new Set<string>([...keyFields(key), ...RESERVED_COLUMNS]);
  for (const { name, at } of names) {
    const bad = snakeCase(`metric ${metricId}: column`, name);
    if (bad) found.push({ at, violation: bad });
    if (taken.has(name))
      found.push({
        at,
        violation: {
          code: 'duplicate-column',
          message: `metric ${metricId}: column '${name}' is defined twice or is reserved`,
        },
      });
    taken.add(name);
  }
  return found;
}

export interface TableUse<T> {
  readonly schema: string;
  readonly table: string;
  readonly metricId: string;
  readonly at: T;
}

export function lakeTables<T>(uses: readonly TableUse<T>[]): Found<T>[] {
  const found: Found<T>[] = [];
  for (const use of uses) {
    const bad = snakeCase('lake schema', use.schema) ?? snakeCase('lake table', use.table);
    if (bad) found.push({ at: use.at, violation: bad });
  }
  for (const { item, first } of repeated(uses, (u) => `${u.schema}.${u.table}`))
    found.push({
      at: item.at,
      violation: {
        code: 'duplicate-table',
        message: `lake table ${item.schema}.${item.table} is written by metric ${first.metricId} and again by ${item.metricId}`,
      },
    });
  return found;
}

export type TopicRole = 'source' | 'dead-letter topic' | 'live topic' | 'late side output';

export interface TopicUse<T> {
  readonly topic: string;
  readonly role: TopicRole;
  /** The metric (or job) the use belongs to, for the message. */
  readonly owner: string;
  readonly at: T;
}

/**
 * Every topic name is legal, and each topic a job writes has one purpose: a live sink, late output or the
 * dead-letter topic is none of the job's sources and no other writer's topic (many metrics may read one source).
 */
export function topics<T>(uses: readonly TopicUse<T>[]): Found<T>[] {
  const found: Found<T>[] = [];
  const firstUse = new Map<string, TopicUse<T>>();
  for (const use of uses) {
    const bad = topicName(`${use.owner}: the ${use.role}`, use.topic);
    if (bad) found.push({ at: use.at, violation: bad });
    const first = firstUse.get(use.topic);
    if (!first) firstUse.set(use.topic, use);
    else if (use.role !== 'source' || first.role !== 'source')
      found.push({
        at: use.at,
        violation: {
          code: 'topic-collision',
          message: `${use.owner}: the ${use.role} '${use.topic}' is also ${first.owner}'s ${first.role}`,
        },
      });
  }
  return found;
}

/** Items whose key an earlier item already had, with that first item. */
function repeated<I>(items: readonly I[], key: (item: I) => string): { item: I; first: I }[] {
  const seen = new Map<string, I>();
  const result: { item: I; first: I }[] = [];
  for (const item of items) {
    const first = seen.get(key(item));
    if (first) result.push({ item, first });
    else seen.set(key(item), item);
  }
  return result;
}
