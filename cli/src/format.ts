// How row values look in a terminal: times as UTC ISO-8601, doubles to at most 4 decimals.
import type { RowValue } from '../../evaluator';

const TIME_COLUMNS = new Set(['window_start', 'window_end']);

export function formatValue(column: string, value: RowValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (TIME_COLUMNS.has(column) && typeof value === 'number')
    return new Date(value).toISOString().replace('.000Z', 'Z');
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toFixed(4)));
  return String(value);
}
