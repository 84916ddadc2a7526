// Bad records the simulator injects on purpose, one kind at a time, each with the dead-letter reason the job
// must give it (docs/SEMANTICS.md). Writer schemas that produce bad-enum and missing-field records are
// registered under side subjects so the topics' own subjects stay clean.
import type avro from 'avsc';
import type { AvroSchemaJson } from '../../schemas/src/catalog';
import { parseAvsc, recordFields } from '../../schemas/src/catalog';
import type { DeadLetterReason } from '../../evaluator';
import { frame } from './framing';
import type { SimEvent } from './meetings';
import type { Random } from './random';

export const BAD_KINDS = [
  'not-confluent-framed',
  'unknown-schema-id',
  'malformed-avro',
  'bad-enum',
  'missing-field',
  'null-key',
  'timestamp-out-of-bounds',
  'oversized-field',
] as const satisfies readonly DeadLetterReason[];
export type BadKind = (typeof BAD_KINDS)[number];

/** Schema ids the bad records need, resolved against the registry before producing. */
export interface BadWriterSchemas {
  readonly topicSchemaId: (topic: string) => number;
  readonly topicType: (topic: string) => avro.Type;
  /** A writer schema of the topic whose event_type enum has an extra symbol. */
  readonly extraSymbol: (topic: string) => { id: number; type: avro.Type; symbol: string };
  /** A writer schema of the topic without the `user_id` field. */
  readonly withoutUserId: (topic: string) => { id: number; type: avro.Type };
}

export const UNKNOWN_SCHEMA_ID = 987_654;
/** The enum symbol bad-enum records carry: known to their writer schema, unknown to every reader. */
export const BAD_SYMBOL = 'simulated_bad_symbol';
const FAR_FUTURE_MS = 30 * 86_400_000;

/** The writer schemas for bad-enum and missing-field records, derived from a topic's reader schema. */
export function badWriterSchemas(reader: AvroSchemaJson): {
  extraSymbol: AvroSchemaJson;
  withoutUserId: AvroSchemaJson;
} {
  const fields = recordFields(reader);
  const withFields = (next: unknown[]) => ({ ...(reader as object), fields: next }) as AvroSchemaJson;
  return {
    extraSymbol: withFields(
      fields.map((f) => {
        if (f.name !== 'event_type') return f;
        const enumType = f.type as { symbols: string[] };
        return { ...f, type: { ...enumType, symbols: [...enumType.symbols, BAD_SYMBOL] } };
      }),
    ),
    withoutUserId: withFields(fields.filter((f) => f.name !== 'user_id')),
  };
}

export function parseWriter(schema: AvroSchemaJson): avro.Type {
  return parseAvsc(schema);
}

/** The bytes of a bad record of `kind` made from a valid event, and the Kafka key it is sent with. */
export function badRecord(
  kind: BadKind,
  event: SimEvent,
  schemas: BadWriterSchemas,
  random: Random,
  now: number,
): { key: string; bytes: Buffer } {
  const { topic, value } = event;
  const key = value.meeting_id;
  const valid = () => frame(schemas.topicSchemaId(topic), schemas.topicType(topic), value);
  switch (kind) {
    case 'not-confluent-framed':
      return { key, bytes: Buffer.from(JSON.stringify(value)) };
    case 'unknown-schema-id':
      return { key, bytes: frame(UNKNOWN_SCHEMA_ID, schemas.topicType(topic), value) };
    case 'malformed-avro': {
      const bytes = valid();
      return { key, bytes: bytes.subarray(0, bytes.length - random.int(1, 4)) };
    }
    case 'bad-enum': {
      const writer = schemas.extraSymbol(topic);
      return { key, bytes: frame(writer.id, writer.type, { ...value, event_type: writer.symbol }) };
    }
    case 'missing-field': {
      const writer = schemas.withoutUserId(topic);
      return { key, bytes: frame(writer.id, writer.type, value) };
    }
    case 'null-key':
      return {
        key: '',
        bytes: frame(schemas.topicSchemaId(topic), schemas.topicType(topic), { ...value, meeting_id: '' }),
      };
    case 'timestamp-out-of-bounds': {
      const timestamp = random.chance(0.5) ? now + FAR_FUTURE_MS : random.int(0, 1_000_000_000);
      return {
        key,
        bytes: frame(schemas.topicSchemaId(topic), schemas.topicType(topic), { ...value, timestamp }),
      };
    }
    case 'oversized-field':
      return {
        key,
        bytes: frame(schemas.topicSchemaId(topic), schemas.topicType(topic), {
          ...value,
          user_id: 'x'.repeat(5_000),
        }),
      };
  }
}
