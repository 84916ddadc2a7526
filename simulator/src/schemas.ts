// Schema ids for a simulation: the topics' reader schemas plus the side writer schemas that make bad records.
// `offlineSchemas` numbers them locally (for tests and previews without a registry) and returns the matching
// catalog; the producer registers the same schemas in the real registry instead.
import type { SchemaCatalog, SchemaVersion } from '../../schemas/src/catalog';
import { parseAvsc } from '../../schemas/src/catalog';
import type { BadWriterSchemas } from './bad';
import { BAD_SYMBOL, badWriterSchemas } from './bad';

interface Ids {
  readonly reader: number;
  readonly extraSymbol: number;
  readonly withoutUserId: number;
}

/** Builds the lookups from each topic's ids (as registered somewhere) and the catalog the evaluator needs. */
export function simulationSchemas(
  base: SchemaCatalog,
  idsOf: (topic: string) => Ids,
): { schemas: BadWriterSchemas; catalog: SchemaCatalog } {
  const byId = new Map(base.byId);
  const lookups = new Map<string, { reader: SchemaVersion; extra: SchemaVersion; missing: SchemaVersion }>();
  for (const [topic, entry] of base.topics) {
    const ids = idsOf(topic);
    const side = badWriterSchemas(entry.reader.schema);
    const version = (id: number, schema: typeof entry.reader.schema, file: string): SchemaVersion => ({
      id,
      topic,
      version: 0,
      file,
      schema,
      type: parseAvsc(schema),
    });
    const reader = { ...entry.reader, id: ids.reader };
    const extra = version(ids.extraSymbol, side.extraSymbol, `${topic} (bad-enum writer)`);
    const missing = version(ids.withoutUserId, side.withoutUserId, `${topic} (missing-field writer)`);
    for (const v of [reader, extra, missing]) byId.set(v.id, v);
    lookups.set(topic, { reader, extra, missing });
  }
  const get = (topic: string) => {
    const found = lookups.get(topic);
    if (!found) throw new Error(`no schemas for topic ${topic}`);
    return found;
  };
  return {
    schemas: {
      topicSchemaId: (topic) => get(topic).reader.id,
      topicType: (topic) => get(topic).reader.type,
      extraSymbol: (topic) => ({ id: get(topic).extra.id, type: get(topic).extra.type, symbol: BAD_SYMBOL }),
      withoutUserId: (topic) => ({ id: get(topic).missing.id, type: get(topic).missing.type }),
    },
    catalog: { topics: base.topics, byId },
  };
}

/** Local ids: the catalog's own reader ids, and 1000+ for the side writers. */
export function offlineSchemas(base: SchemaCatalog): { schemas: BadWriterSchemas; catalog: SchemaCatalog } {
  const topics = [...base.topics.keys()];
  return simulationSchemas(base, (topic) => ({
    reader: base.topics.get(topic)!.reader.id,
    extraSymbol: 1000 + 2 * topics.indexOf(topic),
    withoutUserId: 1001 + 2 * topics.indexOf(topic),
  }));
}
