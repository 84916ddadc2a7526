// Registers the project's own event schemas (schemas/registry.json, in its order) under `<topic>-value`, the
// subject the kafkajs and Java serdes use (TopicNameStrategy). Done by the stack right after the registry is
// ready, so on a fresh stack they get ids 1, 2, … in that order — the ids schemas/registry.json promises to the
// offline tools that decode Confluent-framed bytes without a registry.
import fs from 'node:fs';
import path from 'node:path';
import type { RegistryClient } from './rest';

export interface ProjectSchemaCatalog {
  topics: Record<string, { record: string; versions: string[] }>;
}

export interface RegisteredSchema {
  subject: string;
  file: string;
  id: number;
  /** The id an empty registry would have given it (its 1-based position in the catalog). */
  expectedId: number;
}

export function subjectFor(topic: string): string {
  return `${topic}-value`;
}

/** The catalog's schema files in registration order, with their subject. */
export function catalogOrder(catalog: ProjectSchemaCatalog): { subject: string; file: string }[] {
  return Object.entries(catalog.topics).flatMap(([topic, entry]) =>
    entry.versions.map((file) => ({ subject: subjectFor(topic), file })),
  );
}

export function readCatalog(schemasDir: string): ProjectSchemaCatalog | undefined {
  const file = path.join(schemasDir, 'registry.json');
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ProjectSchemaCatalog;
}

/** Idempotent: a schema already registered under its subject keeps its id and version. */
export async function registerProjectSchemas(
  client: RegistryClient,
  schemasDir: string,
): Promise<RegisteredSchema[]> {
  const catalog = readCatalog(schemasDir);
  if (!catalog) return [];
  const out: RegisteredSchema[] = [];
  for (const [index, { subject, file }] of catalogOrder(catalog).entries()) {
    const text = fs.readFileSync(path.join(schemasDir, 'avro', file), 'utf8');
    const id = await client.register(subject, text);
    out.push({ subject, file, id, expectedId: index + 1 });
  }
  return out;
}
