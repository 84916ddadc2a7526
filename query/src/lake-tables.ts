// The metric tables in Trino: created from the compiler's DDL (generated-java/ddl) on first use and given the
// columns of measures added since, and their `date=` partitions synced from the lake before every analyst query, so
// a new day of Parquet files is queryable without a manual step. (Trino 476's Hive partition projection mis-handles `date`-named partition keys, fixed in 477; the
// sync is one listing per table and costs tens of milliseconds here.)
import fs from 'node:fs';
import path from 'node:path';
import type { TrinoClient } from './trino';

const DDL_DIR = path.resolve(__dirname, '../../generated-java/ddl');

export interface MetricTable {
  readonly schema: string;
  readonly table: string;
  /** CREATE TABLE IF NOT EXISTS …, with the lake root substituted. */
  readonly ddl: string;
}

/** The lake root the jobs write to: `$COLLAB_LAKE_PATH`, or the local stack's bucket. */
export function lakePathFromEnv(): string {
  return process.env.COLLAB_LAKE_PATH ?? 's3://collab-lake';
}

export function metricTables(lakePath: string): MetricTable[] {
  return fs
    .readdirSync(DDL_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const [schema, table] = path.basename(file, '.sql').split('.') as [string, string];
      const ddl = fs
        .readFileSync(path.join(DDL_DIR, file), 'utf8')
        .replace(/^--.*\n/gm, '')
        .replaceAll('${LAKE_PATH}', lakePath.replace(/\/+$/, ''))
        .trim()
        .replace(/;$/, '');
      return { schema, table, ddl };
    });
}

/** The columns a table's DDL declares, in order, as [name, Trino type]. */
export function ddlColumns(ddl: string): [name: string, type: string][] {
  const list = /\(\n([\s\S]*?)\n\)/.exec(ddl)?.[1] ?? '';
  return [...list.matchAll(/^\s*"([^"]+)"\s+(.+?),?$/gm)].map((m) => [m[1]!, m[2]!]);
}

/**
 * The statements that bring an existing table to its DDL: a table made by an earlier version of the job lacks the
 * measures added since (`plan` calls an added measure PARTIAL, so it deploys), and CREATE TABLE IF NOT EXISTS
 * leaves it so. Parquet columns are read by name: files written before read the new column as NULL. A column of
 * another type is not evolved here (the files hold the old type): that is an error naming the table to re-create.
 */
export function columnChanges(
  table: MetricTable,
  existing: readonly (readonly [name: string, type: string])[],
): string[] {
  const have = new Map(existing);
  const statements: string[] = [];
  for (const [name, type] of ddlColumns(table.ddl)) {
    const now = have.get(name);
    if (now === undefined)
      statements.push(
        `ALTER TABLE lake."${table.schema}"."${table.table}" ADD COLUMN IF NOT EXISTS "${name}" ${type}`,
      );
    else if (now !== type)
      throw new Error(
        `lake.${table.schema}.${table.table}.${name} is ${now} in Trino but the job writes ${type}: ` +
          `drop the table (its files stay) and run again to re-create it from generated-java/ddl`,
      );
  }
  return statements;
}

/** Creates the metric tables that do not exist yet, then registers every `date=` directory the lake has. */
export async function prepareMetricTables(trino: TrinoClient, lakePath: string): Promise<MetricTable[]> {
  const tables = metricTables(lakePath);
  for (const t of tables) {
    await trino.query(t.ddl);
    const existing = await trino.query(
      `SELECT column_name, data_type FROM lake.information_schema.columns ` +
        `WHERE table_schema = '${t.schema}' AND table_name = '${t.table}'`,
    );
    for (const statement of columnChanges(t, existing.rows as [string, string][]))
      await trino.query(statement);
    // FULL also forgets partitions whose directory is gone (a lake prefix that was reset).
    await trino.query(`CALL lake.system.sync_partition_metadata('${t.schema}', '${t.table}', 'FULL')`);
  }
  return tables;
}
