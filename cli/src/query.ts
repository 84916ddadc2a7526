// `collab-stream query`: SQL on Trino with a readable table; `--analyst` runs the shipped analyst queries.
import { analystQueries } from '../../query/src/analyst-queries';
import { lakePathFromEnv, prepareMetricTables } from '../../query/src/lake-tables';
import type { QueryOutput } from '../../query/src/trino';
import { TrinoClient, trinoFromEnv } from '../../query/src/trino';
import { parseCommandArgs, UsageError } from './args';
import { renderTable } from './table';

export const QUERY_HELP = `Usage: collab-stream query "<sql>" | --analyst [name] | --list [options]

Runs SQL on Trino (catalog lake, schema metrics by default) and prints the result as a table. First creates the
metric tables if they are missing and registers new date= partitions from the lake ($COLLAB_LAKE_PATH, default
s3://collab-lake), so what the jobs have committed is what the query sees.

  --analyst [name]   run every analyst query in query/sql (or the one named)
  --list             list the analyst queries
  --trino <url>      Trino coordinator (default $COLLAB_TRINO_URL or http://127.0.0.1:8088)
  -h, --help         this help`;

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function renderResult(result: QueryOutput): string {
  const table = renderTable(
    result.columns.map((c) => c.name),
    result.rows.map((row) => row.map(cell)),
  );
  return `${table}\n(${result.rows.length} rows, ${result.elapsedMs.toFixed(0)} ms)`;
}

export async function runQuery(argv: readonly string[], io: { out(text: string): void }): Promise<number> {
  const { values, positionals } = parseCommandArgs('query', argv, {
    analyst: { type: 'boolean' },
    list: { type: 'boolean' },
    trino: { type: 'string' },
  });
  if (values.help) {
    io.out(QUERY_HELP);
    return 0;
  }
  const queries = analystQueries();
  if (values.list) {
    for (const q of queries) io.out(`${q.name.padEnd(28)} ${q.title}`);
    return 0;
  }
  const trino = new TrinoClient(trinoFromEnv(values.trino ? { server: values.trino } : {}));
  await prepareMetricTables(trino, lakePathFromEnv());
  if (values.analyst) {
    const selected = positionals.length > 0 ? queries.filter((q) => positionals.includes(q.name)) : queries;
    if (selected.length === 0)
      throw new UsageError(`query: no analyst query named ${positionals.join(', ')}; see --list`);
    for (const q of selected) {
      io.out(`\n== ${q.title}`);
      io.out(renderResult(await trino.query(q.sql)));
    }
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      `query: give one SQL statement in quotes, or --analyst. See 'collab-stream query --help'.`,
    );
  io.out(renderResult(await trino.query(positionals[0] as string)));
  return 0;
}
