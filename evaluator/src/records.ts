// What goes into and comes out of the reference evaluator. Input records mirror Kafka records: a topic, a
// position, and either the Confluent-framed Avro bytes a producer wrote or (for fixtures) the event as JSON.

/** An input record as Kafka would deliver it. Exactly one of `value` (JSON event) or `bytes` (Confluent-framed Avro). */
export interface InputRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly value?: unknown;
  readonly bytes?: Uint8Array;
}

/** The stable reason codes of docs/SEMANTICS.md, in the order the checks run. */
export const DEAD_LETTER_REASONS = [
  'oversized-record',
  'not-confluent-framed',
  'unknown-schema-id',
  'incompatible-schema',
  'missing-field',
  'malformed-avro',
  'bad-enum',
  'wrong-type',
  'null-key',
  'timestamp-out-of-bounds',
  'oversized-field',
] as const;

export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** A record the job could not accept, with why and where it came from. Nothing is lost: the record is kept whole. */
export interface DeadLetter {
  readonly reason: DeadLetterReason;
  readonly detail: string;
  readonly record: InputRecord;
}

/** An event that arrived after every window it belongs to had fired, for one metric. */
export interface LateEvent {
  readonly metric: string;
  readonly policy: 'drop-and-count' | 'side-output';
  /** The side-output topic when the policy keeps late events. */
  readonly topic: string | null;
  readonly record: InputRecord;
  readonly event: Readonly<Record<string, unknown>>;
}

/** A value in an output row: numbers are doubles (counts are whole numbers), window bounds epoch millis. */
export type RowValue = number | string | boolean | null;
export type Row = Readonly<Record<string, RowValue>>;

/** A window result, tagged with the metric that produced it. */
export interface MetricRow {
  readonly metric: string;
  readonly row: Row;
}
