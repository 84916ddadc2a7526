// Reads the topics' reader schemas straight from schemas/registry.json and the .avsc files it names (the last
// version of each topic is the reader schema). Only the facts the compiler needs are kept: field names, physical
// types, nullability, enum symbols and logical types.
import fs from 'node:fs';
import path from 'node:path';
import type { EventSchema, PhysicalType, SchemaField } from './ir';

interface RegistryFile {
  topics: Record<string, { record: string; versions: string[] }>;
}

type AvscType =
  | string
  | AvscType[]
  | { type: string; logicalType?: string; symbols?: string[]; name?: string; items?: unknown };

interface AvscRecord {
  name: string;
  namespace?: string;
  fields: { name: string; type: AvscType }[];
}

const PHYSICAL: Record<string, PhysicalType> = {
  string: 'string',
  int: 'int',
  long: 'long',
  float: 'float',
  double: 'double',
  boolean: 'boolean',
};

function fieldOf(name: string, type: AvscType): SchemaField | null {
  let nullable = false;
  let t: AvscType = type;
  if (Array.isArray(t)) {
    const nonNull = t.filter((branch) => branch !== 'null');
    // Only the optional-value union ["null", X] has a JavaScript meaning (X or null); other unions are not exposed.
    if (nonNull.length !== 1 || nonNull.length === t.length) return null;
    nullable = true;
    t = nonNull[0] as AvscType;
  }
  if (typeof t === 'string') {
    const physical = PHYSICAL[t];
    return physical ? { name, physical, nullable } : null;
  }
  if (Array.isArray(t)) return null;
  if (t.type === 'enum') return { name, physical: 'enum', nullable, symbols: [...(t.symbols ?? [])] };
  const physical = PHYSICAL[t.type];
  if (!physical) return null;
  return t.logicalType === 'timestamp-millis' && physical === 'long'
    ? { name, physical, nullable, logicalType: 'timestamp-millis' }
    : { name, physical, nullable };
}

/** Reader schemas by topic. */
export function loadEventSchemas(schemasDir: string): Map<string, EventSchema> {
  const registry = JSON.parse(
    fs.readFileSync(path.join(schemasDir, 'registry.json'), 'utf8'),
  ) as RegistryFile;
  const result = new Map<string, EventSchema>();
  for (const [topic, entry] of Object.entries(registry.topics)) {
    const file = entry.versions[entry.versions.length - 1];
    if (file === undefined) continue;
    const avsc = JSON.parse(fs.readFileSync(path.join(schemasDir, 'avro', file), 'utf8')) as AvscRecord;
    const fields: SchemaField[] = [];
    for (const field of avsc.fields) {
      const lowered = fieldOf(field.name, field.type);
      if (lowered) fields.push(lowered);
    }
    result.set(topic, {
      record: avsc.namespace ? `${avsc.namespace}.${avsc.name}` : avsc.name,
      file,
      fields,
    });
  }
  return result;
}
