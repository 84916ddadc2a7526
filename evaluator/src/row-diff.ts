// Comparing rows from another engine (Flink, read back from Parquet or from Trino) with the evaluator's: the same
// rows by (key, window_start), every column equal, doubles within 1e-9 relative.
import type { Row } from './records';

const sortRows = (rows: readonly Row[], key: string) =>
  [...rows].sort(
    (a, b) =>
      String(a[key]).localeCompare(String(b[key])) || (a.window_start as number) - (b.window_start as number),
  );

/** Row-by-row differences (doubles within 1e-9 relative), at most 20, for a readable failure. */
export function rowDifferences(actual: readonly Row[], wanted: readonly Row[], key = 'meeting_id'): string[] {
  const out: string[] = [];
  if (actual.length !== wanted.length)
    out.push(`${actual.length} rows from Flink, ${wanted.length} from the evaluator`);
  const sortedWanted = sortRows(wanted, key);
  sortRows(actual, key).forEach((row, i) => {
    const want = sortedWanted[i] ?? {};
    for (const column of new Set([...Object.keys(row), ...Object.keys(want)])) {
      const a = row[column];
      const b = want[column];
      const same =
        typeof a === 'number' && typeof b === 'number'
          ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b))
          : a === b;
      if (!same && out.length < 20)
        out.push(
          `${String(want[key])} @${String(want.window_start)} ${column}: flink ${String(a)}, evaluator ${String(b)}`,
        );
    }
  });
  return out;
}
