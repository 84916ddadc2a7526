// Checks a JSON-shaped value against a reader record schema and returns the event as the job will see it
// (defaults filled in, ISO timestamps turned into epoch millis: timestamp.ts), or the first reason it is not acceptable.
import type { AvroField, AvroSchemaJson } from '../../schemas/src/catalog';
import { recordFields } from '../../schemas/src/catalog';
import { isLong } from '../../schemas/src/long';
import type { DeadLetterReason } from './records';
import { parseTimestamp } from '../../dsl/timestamp';

export type Event = Readonly<Record<string, unknown>>;

export type Conformed = { readonly ok: true; readonly event: Event } | Rejection;
export interface Rejection {
  readonly ok: false;
  readonly reason: DeadLetterReason;
  readonly detail: string;
}

export function reject(reason: DeadLetterReason, detail: string): Rejection {
  return { ok: false, reason, detail };
}

/** How a type mismatch is reported: `wrong-type` for JSON events, `incompatible-schema` for a writer schema's values. */
export interface ConformOptions {
  readonly mismatch: 'wrong-type' | 'incompatible-schema';
  /** Fields that some metric keys by: null or absent there is `null-key`, not `missing-field`. */
  readonly keyFields: ReadonlySet<string>;
}

type FieldResult = { ok: true; value: unknown } | Rejection;

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function isTimestampMillis(type: AvroSchemaJson): boolean {
  return (
    typeof type === 'object' &&
    !Array.isArray(type) &&
    'logicalType' in type &&
    type.logicalType === 'timestamp-millis'
  );
}

function conformValue(
  type: AvroSchemaJson,
  value: unknown,
  field: string,
  options: ConformOptions,
): FieldResult {
  const mismatch = (expected: string) =>
    reject(
      options.mismatch,
      `field ${field}: expected ${expected}, got ${value === null ? 'null' : typeof value} ${JSON.stringify(value)}`,
    );
  if (Array.isArray(type)) {
    if (value === null && type.includes('null')) return { ok: true, value: null };
    const nonNull = type.filter((member) => member !== 'null');
    if (value === null) return reject('missing-field', `field ${field} is null but not nullable`);
    if (nonNull.length !== 1)
      return reject(options.mismatch, `field ${field}: unions of several types are not supported`);
    return conformValue(nonNull[0] as AvroSchemaJson, value, field, options);
  }
  if (typeof type === 'object' && 'symbols' in type) {
    if (typeof value !== 'string') return mismatch(`one of ${type.symbols.join(', ')}`);
    if (!type.symbols.includes(value))
      return reject('bad-enum', `field ${field}: '${value}' is not one of ${type.symbols.join(', ')}`);
    return { ok: true, value };
  }
  if (isTimestampMillis(type)) {
    if (typeof value === 'string') {
      // Fixtures may spell event times as ISO-8601 for readability; Avro carries epoch millis.
      const parsed = parseTimestamp(value);
      return parsed.ok
        ? { ok: true, value: parsed.millis }
        : reject(options.mismatch, `field ${field}: ${parsed.problem}`);
    }
    // Any 64-bit long is a time Java reads, however absurd: the bounds check dead-letters it, not the decoder.
    return isLong(value) ? { ok: true, value } : mismatch('epoch millis (a 64-bit whole number)');
  }
  const primitive =
    typeof type === 'string' ? type : typeof type === 'object' && 'type' in type ? type.type : undefined;
  switch (primitive) {
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : mismatch('a string');
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : mismatch('a boolean');
    case 'int':
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX
        ? { ok: true, value }
        : mismatch('a 32-bit integer');
    case 'long':
      return Number.isSafeInteger(value) ? { ok: true, value } : mismatch('a whole number');
    case 'float':
    case 'double':
      return typeof value === 'number' ? { ok: true, value } : mismatch('a number');
    default:
      return reject(options.mismatch, `field ${field}: unsupported schema type ${JSON.stringify(type)}`);
  }
}

function conformField(spec: AvroField, raw: Record<string, unknown>, options: ConformOptions): FieldResult {
  const present = Object.prototype.hasOwnProperty.call(raw, spec.name) && raw[spec.name] !== undefined;
  if (options.keyFields.has(spec.name) && (!present || raw[spec.name] === null)) {
    return reject('null-key', `key field ${spec.name} is ${present ? 'null' : 'absent'}`);
  }
  if (!present) {
    if ('default' in spec) return { ok: true, value: spec.default };
    return reject('missing-field', `required field ${spec.name} is absent`);
  }
  return conformValue(spec.type, raw[spec.name], spec.name, options);
}

/** Conforms `raw` to the record `schema`. Fields the schema does not know are dropped, as a reader would. */
export function conformToSchema(schema: AvroSchemaJson, raw: unknown, options: ConformOptions): Conformed {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return reject(options.mismatch, `expected an event object, got ${raw === null ? 'null' : typeof raw}`);
  }
  const event: Record<string, unknown> = {};
  for (const spec of recordFields(schema)) {
    const result = conformField(spec, raw as Record<string, unknown>, options);
    if (!result.ok) return result;
    event[spec.name] = result.value;
  }
  return { ok: true, event: Object.freeze(event) };
}
