// The schema catalog: which .avsc file is each topic's reader schema, and which writer versions exist.
// Everything that needs schemas at run time (the reference evaluator, the simulator, tests) goes through here,
// so the answer to "what does a topic carry" lives in one place: schemas/registry.json.
import fs from 'node:fs';
import path from 'node:path';
import avro from 'avsc';
import { longAsNumber } from './long';

export const SCHEMAS_DIR = path.resolve(__dirname, '..');
export const AVRO_DIR = path.join(SCHEMAS_DIR, 'avro');

/** An Avro schema as JSON (what an .avsc file holds). */
export type AvroSchemaJson = avro.Schema;

export interface SchemaVersion {
  /** The id this version gets when the catalog is registered, in order, on an empty registry. */
  readonly id: number;
  readonly topic: string;
  /** 1-based version within the topic's subject (`<topic>-value`). */
  readonly version: number;
  readonly file: string;
  readonly schema: AvroSchemaJson;
  readonly type: avro.Type;
}

export interface TopicSchemas {
  readonly topic: string;
  readonly record: string;
  readonly versions: readonly SchemaVersion[];
  /** The newest version: what jobs read with, and what the generated TypeScript types describe. */
  readonly reader: SchemaVersion;
}

export interface SchemaCatalog {
  readonly topics: ReadonlyMap<string, TopicSchemas>;
  readonly byId: ReadonlyMap<number, SchemaVersion>;
}

interface RegistryFile {
  topics: Record<string, { record: string; versions: string[] }>;
}

/**
 * Parses an .avsc file; unions are plain values (`null` or the value), as in Avro's JSON encoding of optional
 * fields, and longs are numbers over the whole 64-bit range (long.ts).
 */
export function parseAvsc(schema: AvroSchemaJson): avro.Type {
  return avro.Type.forSchema(schema, { wrapUnions: false, typeHook: longAsNumber });
}

let cached: SchemaCatalog | undefined;

/** The repository's own catalog, read once per process. */
export function defaultCatalog(): SchemaCatalog {
  return (cached ??= loadCatalog());
}

/** Reads schemas/registry.json and every .avsc it names. */
export function loadCatalog(dir: string = SCHEMAS_DIR): SchemaCatalog {
  const registry = JSON.parse(fs.readFileSync(path.join(dir, 'registry.json'), 'utf8')) as RegistryFile;
  const topics = new Map<string, TopicSchemas>();
  const byId = new Map<number, SchemaVersion>();
  let nextId = 1;
  for (const [topic, entry] of Object.entries(registry.topics)) {
    const versions = entry.versions.map((file, index): SchemaVersion => {
      const schema = JSON.parse(fs.readFileSync(path.join(dir, 'avro', file), 'utf8')) as AvroSchemaJson;
      const version = { id: nextId++, topic, version: index + 1, file, schema, type: parseAvsc(schema) };
      byId.set(version.id, version);
      return version;
    });
    const reader = versions[versions.length - 1];
    if (!reader) throw new Error(`schemas/registry.json: topic ${topic} lists no schema versions`);
    topics.set(topic, { topic, record: entry.record, versions, reader });
  }
  return { topics, byId };
}

/** One field of a record schema, as the .avsc file spells it. */
export interface AvroField {
  readonly name: string;
  readonly doc?: string;
  readonly type: AvroSchemaJson;
  readonly default?: unknown;
}

/** The fields of a record schema, for code that walks them (type generation, validation, projection). */
export function recordFields(schema: AvroSchemaJson): readonly AvroField[] {
  if (typeof schema !== 'object' || Array.isArray(schema) || !('fields' in schema)) {
    throw new Error('expected an Avro record schema');
  }
  return schema.fields as AvroField[];
}
