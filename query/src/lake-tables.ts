// The metric tables in Trino: created from the compiler's DDL (generated-java/ddl) on first use, and their `date=`
// partitions synced from the lake before every analyst query, so a new day of Parquet files is queryable without a
// manual step. (Trino 476's Hive partition projection mis-handles `date`-named partition keys, fixed in 477; the
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

/** Creates the metric tables that do not exist yet, then registers every `date=` directory the lake has. */
export async function prepareMetricTables(trino: TrinoClient, lakePath: string): Promise<MetricTable[]> {
  const tables = metricTables(lakePath);
  for (const t of tables) {
    await trino.query(t.ddl);
    // FULL also forgets partitions whose directory is gone (a lake prefix that was reset).
    await trino.query(`CALL lake.system.sync_partition_metadata('${t.schema}', '${t.table}', 'FULL')`);
  }
  return tables;
}
