// Rows of a metric written into its lake table through Trino, as the job would have: for the real-stack test's
// metric that no Flink job runs, and the benchmark's simulated day. Values are our own rows, rendered by the same
// literal function the bound parameters use.
import type { Column } from '../../codegen/src/ir';
import type { Row } from '../../evaluator';
import type { TrinoClient } from '../../query/src/trino';
import type { Param } from './sql';
import { bigint, double, ident, literal, timestamp, varchar } from './sql';

const BATCH = 1_000;

function param(column: Column, value: Row[string] | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  const p: Param =
    column.type === 'timestamp'
      ? timestamp(Number(value))
      : column.type === 'bigint'
        ? bigint(Number(value))
        : column.type === 'double'
          ? double(Number(value))
          : varchar(String(value));
  return literal(p);
}

export async function insertRows(
  trino: TrinoClient,
  table: { readonly schema: string; readonly table: string },
  columns: readonly Column[],
  rows: readonly Row[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows
      .slice(i, i + BATCH)
      .map((row) => `(${columns.map((c) => param(c, row[c.name])).join(', ')})`)
      .join(',\n');
    await trino.query(`INSERT INTO lake.${ident(table.schema)}.${ident(table.table)} VALUES ${values}`);
  }
}
