// Rows read from a metric's Trino table, in the evaluator's shape: window bounds in epoch millis.
import type { Row } from '../../evaluator';
import type { TrinoClient } from '../../query/src/trino';

/** One Trino result row as the evaluator writes it. */
export function fromTrino(columns: readonly { name: string }[], values: readonly unknown[]): Row {
  const row: Record<string, string | number | null> = {};
  columns.forEach((c, i) => {
    const v = values[i] as string | number | null;
    row[c.name] =
      c.name === 'window_start' || c.name === 'window_end'
        ? Date.parse(`${String(v).replace(' ', 'T')}Z`)
        : v;
  });
  return row;
}

/** Every row of `schema.table`. */
export async function tableRows(trino: TrinoClient, schema: string, table: string): Promise<Row[]> {
  const result = await trino.query(`SELECT * FROM ${schema}.${table}`);
  return result.rows.map((r) => fromTrino(result.columns, r));
}
