// Confluent-framed Avro: magic byte 0, a 4-byte big-endian schema id, then the Avro binary body written with
// that (writer) schema. The writer schema is first checked against the reader schema (resolution.ts); the body
// is decoded with the writer schema and then read as the reader schema, field by field, so each failure gets
// the reason code, in the order, that the Java runtime gives it (runtime/CONTEXT.md).
import type { SchemaCatalog } from '../../schemas/src/catalog';
import type { Conformed, ConformOptions } from './conform';
import { conformToSchema, reject } from './conform';
import { resolutionFailure } from './resolution';

const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

export function decodeConfluentAvro(
  bytes: Uint8Array,
  topic: string,
  catalog: SchemaCatalog,
  options: Omit<ConformOptions, 'mismatch'>,
): Conformed {
  if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC_BYTE) {
    return reject(
      'not-confluent-framed',
      bytes.length < HEADER_BYTES ? `only ${bytes.length} bytes` : `magic byte ${bytes[0]}, expected 0`,
    );
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const schemaId = buffer.readInt32BE(1);
  const writer = catalog.byId.get(schemaId);
  if (!writer) return reject('unknown-schema-id', `schema id ${schemaId} is not registered`);
  const reader = catalog.topics.get(topic)?.reader;
  if (!reader) return reject('incompatible-schema', `topic ${topic} has no reader schema`);
  const unreadable = resolutionFailure(writer.schema, reader.schema);
  if (unreadable) return unreadable;
  let decoded: { value: unknown; offset: number };
  try {
    decoded = writer.type.decode(buffer, HEADER_BYTES);
  } catch (error) {
    return reject('malformed-avro', `cannot decode with schema id ${schemaId}: ${(error as Error).message}`);
  }
  if (decoded.offset < 0)
    return reject('malformed-avro', `truncated: the record ends before schema id ${schemaId} is complete`);
  if (decoded.offset !== buffer.length) {
    return reject('malformed-avro', `${buffer.length - decoded.offset} trailing bytes after the record`);
  }
  if (!writer.type.isValid(decoded.value)) {
    // avsc decodes an out-of-range union or enum index to undefined instead of throwing.
    return reject('malformed-avro', `invalid union or enum index for schema id ${schemaId}`);
  }
  return conformToSchema(reader.schema, decoded.value, { ...options, mismatch: 'incompatible-schema' });
}
