// Comparing rows from another engine (Flink, read back from Parquet or from Trino) with the evaluator's: rows are
// paired by the metric's own key and window_start (a metric keyed by org_id has many rows per meeting_id; a
// cumulating metric's steps share their window_start, and so may two sessions of a key: their rows pair by
// window_end too), and
// every paired column must be equal: doubles within 1e-9 relative, null only with null (docs/SEMANTICS.md: a
// non-finite derived value is null everywhere, so NaN or ±Infinity on either side is a difference).
import type { KeySpec } from '../../dsl';
import { keyOf } from '../../dsl';
import type { Row, RowValue } from './records';

/** Which rows belong together: a metric's id and key (one field or all of a composite key's), as its IR or DSL gives them. */
export interface RowIdentity {
  readonly id: string;
  readonly key: KeySpec;
  readonly window?: { readonly kind: string };
}

/** At most this many differences are listed, for a readable failure. */
const MAX_DIFFERENCES = 20;

const nonFinite = (v: RowValue | undefined) => typeof v === 'number' && !Number.isFinite(v);

function valuesEqual(a: RowValue | undefined, b: RowValue | undefined): boolean {
  if (nonFinite(a) || nonFinite(b)) return false;
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  return a === b;
}

function byWindow(rows: readonly Row[], key: KeySpec, byEnd: boolean): Map<string, Row[]> {
  const windows = new Map<string, Row[]>();
  for (const row of rows) {
    const id = `${keyOf(key, row)} @${String(row.window_start)}${byEnd ? `..${String(row.window_end)}` : ''}`;
    const same = windows.get(id);
    if (same) same.push(row);
    else windows.set(id, [row]);
  }
  return windows;
}

/**
 * Differences between one metric's rows from Flink (`actual`) and from the evaluator (`wanted`), paired by
 * (every key field, window_start[, window_end]): rows only on one side, windows written more than once, and unequal
 * columns.
 */
export function rowDifferences(
  actual: readonly Row[],
  wanted: readonly Row[],
  metric: RowIdentity,
): string[] {
  const out: string[] = [];
  const note = (text: string) => {
    if (out.length < MAX_DIFFERENCES) out.push(`${metric.id} ${text}`);
  };
  if (actual.length !== wanted.length)
    note(`${actual.length} rows from Flink, ${wanted.length} from the evaluator`);
  // A key may have two sessions with one start (docs/SEMANTICS.md, Sessions), never with the same end too.
  const byEnd = metric.window?.kind === 'cumulate' || metric.window?.kind === 'session';
  const flink = byWindow(actual, metric.key, byEnd);
  const evaluator = byWindow(wanted, metric.key, byEnd);
  for (const [id, rows] of [...flink].sort(([a], [b]) => a.localeCompare(b))) {
    const want = evaluator.get(id);
    if (rows.length > 1) note(`${id}: ${rows.length} rows from Flink`);
    if (!want) {
      note(`${id}: only from Flink`);
      continue;
    }
    if (want.length > 1) note(`${id}: ${want.length} rows from the evaluator`);
    const [row, wantedRow] = [rows[0] as Row, want[0] as Row];
    for (const column of new Set([...Object.keys(row), ...Object.keys(wantedRow)])) {
      const [a, b] = [row[column], wantedRow[column]];
      if (!valuesEqual(a, b)) note(`${id} ${column}: flink ${String(a)}, evaluator ${String(b)}`);
    }
  }
  for (const id of [...evaluator.keys()].sort()) if (!flink.has(id)) note(`${id}: only from the evaluator`);
  return out;
}

/** rowDifferences for every metric of a job: rows tagged with their metric, each metric paired by its own key. */
export function jobRowDifferences(
  actual: readonly (Row & { readonly metric: string })[],
  wanted: readonly { readonly metric: string; readonly row: Row }[],
  metrics: readonly RowIdentity[],
): string[] {
  const known = new Set(metrics.map((m) => m.id));
  const strangers = [...new Set(actual.map((r) => r.metric).filter((id) => !known.has(id)))];
  return [
    ...strangers.map((id) => `rows from Flink for metric ${id}, which the job does not have`),
    ...metrics.flatMap((metric) =>
      rowDifferences(
        actual.filter((r) => r.metric === metric.id).map(({ metric: _metric, ...row }) => row),
        wanted.filter((r) => r.metric === metric.id).map((r) => r.row),
        metric,
      ),
    ),
  ].slice(0, MAX_DIFFERENCES);
}
