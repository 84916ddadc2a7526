// The IR: what a job means, as plain JSON. It is the one contract between the front end (load, lower, validate)
// and the back ends (plan + Java, Trino DDL, manifests), like Prisma's DMMF or Malloy's model JSON. It has no
// Flink words: a second back end (or the reference evaluator) could read it. Nodes are frozen after lowering.
import type { SourceSpan } from './diagnostics';

/**
 * Bump when the shape changes; back ends refuse an IR version they do not know. 2: `origin` spans on the job's
 * id and dead-letter topic, sources, windows, late policies and sinks (additive), so rules point at those nodes.
 * 3: the `percentile` aggregation and its `fraction`. 4: `approxPercentile` with `fraction` and `relativeError`.
 * 5: a metric's optional `having`, the row filter (additive: absent when every row is written).
 * 6: the `cumulate` window kind (`stepMs`, `maxMs`). 7: the `session` window kind (`gapMs`, `maxDurationMs` or null).
 * 8: a metric's `key` may be a list of fields (a composite key), and the `first` and `last` aggregations.
 */
export const IR_VERSION = 8;

// ---------------------------------------------------------------------------------------------------------------
// Types of values as JavaScript sees them. Physical (Avro) types live on schema fields only.

export type ValueBase = 'number' | 'string' | 'boolean' | 'null';

export interface ValueType {
  readonly base: ValueBase;
  /** True when the value may also be null (never true for base 'null'). */
  readonly nullable: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas (from the .avsc reader schema of each topic)

export type PhysicalType = 'string' | 'enum' | 'int' | 'long' | 'float' | 'double' | 'boolean';

export interface SchemaField {
  readonly name: string;
  readonly physical: PhysicalType;
  readonly nullable: boolean;
  /** Enum symbols, in schema order (enum fields only). */
  readonly symbols?: readonly string[];
  readonly logicalType?: 'timestamp-millis';
}

export interface EventSchema {
  /** Avro full name of the reader record, e.g. io.collabstream.events.UserEvent. */
  readonly record: string;
  /** The .avsc file under schemas/avro that is the reader schema. */
  readonly file: string;
  readonly fields: readonly SchemaField[];
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions: a small typed tree. Every node carries its JavaScript result type.

export type BinaryOp =
  '+' | '-' | '*' | '/' | '%' | '<' | '<=' | '>' | '>=' | '===' | '!==' | '&&' | '||' | '??';
export type UnaryOp = '!' | '-' | '+';
export type MathFn = 'min' | 'max' | 'abs' | 'round' | 'floor' | 'ceil';
export type StringMethod = 'startsWith' | 'endsWith' | 'includes' | 'toLowerCase' | 'toUpperCase' | 'trim';

export type Expr =
  | { readonly kind: 'literal'; readonly value: number | string | boolean | null; readonly type: ValueType }
  /** A named number JSON cannot hold. */
  | {
      readonly kind: 'special-number';
      readonly value: 'NaN' | 'Infinity' | '-Infinity';
      readonly type: ValueType;
    }
  /** A field of the event (per-event functions). */
  | { readonly kind: 'field'; readonly name: string; readonly type: ValueType }
  /** A measure's value in the window (derived functions). */
  | { readonly kind: 'measure'; readonly name: string; readonly type: ValueType }
  /** The window's bounds (derived functions): epoch ms start/end, length in seconds. */
  | { readonly kind: 'window'; readonly name: 'start' | 'end' | 'seconds'; readonly type: ValueType }
  /** A const declared earlier in the same function body. */
  | { readonly kind: 'local'; readonly name: string; readonly type: ValueType }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly type: ValueType;
    }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly operand: Expr; readonly type: ValueType }
  | {
      readonly kind: 'conditional';
      readonly test: Expr;
      readonly then: Expr;
      readonly else: Expr;
      readonly type: ValueType;
    }
  | { readonly kind: 'math'; readonly fn: MathFn; readonly args: readonly Expr[]; readonly type: ValueType }
  | {
      readonly kind: 'string-method';
      readonly method: StringMethod;
      readonly target: Expr;
      readonly args: readonly Expr[];
      readonly type: ValueType;
    }
  | { readonly kind: 'string-length'; readonly target: Expr; readonly type: ValueType };

/** The statements a function body may hold: `const x = …;`, `if (…) return …; [else return …;]`, `return …;`. */
export type Stmt =
  | { readonly kind: 'const'; readonly name: string; readonly value: Expr }
  | {
      readonly kind: 'if';
      readonly test: Expr;
      readonly then: readonly Stmt[];
      readonly else: readonly Stmt[] | null;
    }
  | { readonly kind: 'return'; readonly value: Expr };

/** A translated arrow function: its body always ends in a return on every path. */
export interface Fn {
  readonly body: readonly Stmt[];
  readonly result: ValueType;
  /** The author's source text, for comments in generated code and for reviewers. */
  readonly source: string;
  readonly origin: SourceSpan;
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs

export interface Source {
  readonly topic: string;
  readonly eventTime: string;
  readonly maxOutOfOrderMs: number;
  readonly idleAfterMs: number;
  readonly notBefore: string;
  readonly notBeforeMs: number;
  readonly maxAheadOfNowMs: number;
  readonly schema: EventSchema;
  /** The topic in the first `source({...})` that declared it. */
  readonly origin: SourceSpan;
}

export type Window =
  | { readonly kind: 'tumbling'; readonly sizeMs: number; readonly origin: SourceSpan }
  | {
      readonly kind: 'sliding';
      readonly sizeMs: number;
      readonly slideMs: number;
      readonly origin: SourceSpan;
    }
  /** Windows [start, start + k·stepMs) for k = 1..maxMs/stepMs, start a multiple of maxMs (SEMANTICS.md). */
  | {
      readonly kind: 'cumulate';
      readonly stepMs: number;
      readonly maxMs: number;
      readonly origin: SourceSpan;
    }
  | {
      readonly kind: 'session';
      readonly gapMs: number;
      /** Null: sessions are not cut (docs/SEMANTICS.md, Sessions). */
      readonly maxDurationMs: number | null;
      readonly origin: SourceSpan;
    };

export type LatePolicy =
  | { readonly policy: 'drop-and-count'; readonly origin: SourceSpan }
  | { readonly policy: 'side-output'; readonly topic: string; readonly origin: SourceSpan };

export type ActivityAggregation =
  | 'count'
  | 'countDistinct'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'percentile'
  | 'approxPercentile'
  | 'first'
  | 'last';

/** The type a measure or derived measure has in a row; decides the Parquet, Trino and Java types. */
export type ColumnType = 'bigint' | 'double' | 'varchar' | 'boolean';

interface MeasureBase {
  readonly name: string;
  /** The topics whose events take part: one topic after `m.from(…)`, else every source of the metric. */
  readonly topics: readonly string[];
  readonly column: ColumnType;
  readonly nullable: boolean;
  readonly origin: SourceSpan;
}

export interface ActivityMeasure extends MeasureBase {
  readonly kind: 'activity';
  readonly aggregation: ActivityAggregation;
  /** null for count. */
  readonly value: Fn | null;
  readonly where: Fn | null;
  /** Percentile and approxPercentile only: within [0, 1]. */
  readonly fraction?: number;
  /** approxPercentile only: its sketch's relative error, within [0.001, 0.5]. */
  readonly relativeError?: number;
}

export interface PresenceMeasure extends MeasureBase {
  readonly kind: 'presence';
  readonly member: Fn;
  readonly joins: Fn;
  readonly leaves: Fn;
  readonly ttlMs: number;
}

export type Measure = ActivityMeasure | PresenceMeasure;

export interface DerivedMeasure {
  readonly name: string;
  readonly fn: Fn;
  readonly column: ColumnType;
  readonly nullable: boolean;
}

export type Sink =
  | {
      readonly kind: 'lake-table';
      readonly schema: string;
      readonly table: string;
      readonly origin: SourceSpan;
    }
  | { readonly kind: 'live-topic'; readonly topic: string; readonly origin: SourceSpan };

/** One column of a metric's rows, in row order (SEMANTICS.md: key, window_start, window_end, measures, derived, date). */
export interface Column {
  readonly name: string;
  readonly type: ColumnType | 'timestamp' | 'date';
  readonly nullable: boolean;
}

export interface Metric {
  readonly id: string;
  readonly version: number;
  readonly description: string;
  /** Topics, in declaration order. */
  readonly sources: readonly string[];
  /** The key field, or a composite key's fields in order (each its own column; dsl/key.ts encodes the value). */
  readonly key: string | readonly string[];
  readonly window: Window;
  readonly late: LatePolicy;
  readonly measures: readonly Measure[];
  readonly derived: readonly DerivedMeasure[];
  /** The row filter `(row, w) => boolean` over measures and derived measures; absent when every row is written. */
  readonly having?: Fn;
  readonly sinks: readonly Sink[];
  readonly columns: readonly Column[];
  readonly origin: SourceSpan;
}

export interface Job {
  readonly irVersion: typeof IR_VERSION;
  readonly id: string;
  readonly description: string;
  /** Repo-relative path of the job file. */
  readonly file: string;
  readonly deadLetterTopic: string;
  /** The job's id. */
  readonly origin: SourceSpan;
  readonly deadLetterOrigin: SourceSpan;
  /** Every source any metric reads, once, in first-use order. */
  readonly sources: readonly Source[];
  readonly metrics: readonly Metric[];
}

/** Deep-freezes a lowered value so that no later stage can change the contract it was handed. */
export function freezeDeep<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) freezeDeep(child);
  }
  return value;
}
