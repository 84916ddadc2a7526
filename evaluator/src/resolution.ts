// Whether records written with one schema can be read with another, decided once per writer schema before any
// bytes are read — Avro's schema-resolution rules, as the Java runtime applies them (SchemaCompatibility):
// a type mismatch is `incompatible-schema`, a reader field without default absent from the writer is
// `missing-field`. Unknown enum symbols are left to each record (`bad-enum`), as Avro Java resolves them lazily.
import type { AvroSchemaJson } from '../../schemas/src/catalog';
import { recordFields } from '../../schemas/src/catalog';
import type { Rejection } from './conform';
import { reject } from './conform';

const PROMOTIONS: Record<string, readonly string[]> = {
  int: ['int', 'long', 'float', 'double'],
  long: ['long', 'float', 'double'],
  float: ['float', 'double'],
  double: ['double'],
  string: ['string', 'bytes'],
  bytes: ['bytes', 'string'],
  boolean: ['boolean'],
  null: ['null'],
};

function branches(type: AvroSchemaJson): AvroSchemaJson[] {
  return Array.isArray(type) ? (type as AvroSchemaJson[]) : [type];
}

function primitiveOf(type: AvroSchemaJson): string | undefined {
  if (typeof type === 'string') return type;
  if (
    typeof type === 'object' &&
    !Array.isArray(type) &&
    'type' in type &&
    typeof type.type === 'string' &&
    type.type !== 'enum'
  ) {
    return type.type;
  }
  return undefined;
}

function isEnum(type: AvroSchemaJson): type is AvroSchemaJson & { name: string; symbols: string[] } {
  return typeof type === 'object' && !Array.isArray(type) && 'symbols' in type;
}

function readable(writer: AvroSchemaJson, reader: AvroSchemaJson): boolean {
  if (Array.isArray(writer)) return branches(writer).every((branch) => readable(branch, reader));
  if (Array.isArray(reader)) return branches(reader).some((branch) => readable(writer, branch));
  if (isEnum(writer) || isEnum(reader))
    return isEnum(writer) && isEnum(reader) && writer.name === reader.name;
  const from = primitiveOf(writer);
  const to = primitiveOf(reader);
  return from !== undefined && to !== undefined && (PROMOTIONS[from] ?? []).includes(to);
}

/** Why a writer schema's records cannot be read as the reader schema, or null when they can. */
export function resolutionFailure(writer: AvroSchemaJson, reader: AvroSchemaJson): Rejection | null {
  const writerFields = new Map(recordFields(writer).map((f) => [f.name, f]));
  let missing: string | undefined;
  for (const field of recordFields(reader)) {
    const written = writerFields.get(field.name);
    if (!written) {
      if (!('default' in field)) missing ??= field.name;
      continue;
    }
    if (!readable(written.type, field.type)) {
      return reject(
        'incompatible-schema',
        `field ${field.name}: written as ${JSON.stringify(written.type)}, read as ${JSON.stringify(field.type)}`,
      );
    }
  }
  return missing === undefined
    ? null
    : reject('missing-field', `reader field ${missing} has no default and the writer schema lacks it`);
}
