// Registers the simulation's schemas in the real schema registry (Confluent REST API, via the official kafkajs
// client) and returns the ids to frame records with, plus the catalog the reference evaluator decodes them with.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { SchemaCatalog } from '../../schemas/src/catalog';
import { badWriterSchemas } from './bad';
import type { BadWriterSchemas } from './bad';
import { simulationSchemas } from './schemas';

export async function registerSimulationSchemas(
  url: string,
  base: SchemaCatalog,
): Promise<{ schemas: BadWriterSchemas; catalog: SchemaCatalog }> {
  const registry = new SchemaRegistry({ host: url });
  const register = async (schema: unknown, subject: string) =>
    (await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject })).id;
  const ids = new Map<string, { reader: number; extraSymbol: number; withoutUserId: number }>();
  for (const [topic, entry] of base.topics) {
    // Every version in order, as producers would have over time; the last is the reader.
    let reader = 0;
    for (const version of entry.versions) reader = await register(version.schema, `${topic}-value`);
    // Side subjects: these writers exist only to make bad records, and must not become a topic's latest schema.
    const side = badWriterSchemas(entry.reader.schema);
    ids.set(topic, {
      reader,
      extraSymbol: await register(side.extraSymbol, `collab_simulator_${topic}_bad_enum-value`),
      withoutUserId: await register(side.withoutUserId, `collab_simulator_${topic}_missing_field-value`),
    });
  }
  return simulationSchemas(base, (topic) => ids.get(topic)!);
}
