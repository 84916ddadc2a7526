// The live rows of every metric: upserted by (key, window_start) as the live topic delivers them, each marked
// pending (read uncommitted: its transaction may still abort) until the read_committed reader sees it.
import { EventEmitter } from 'node:events';
import type { Row } from '../../evaluator';
import type { MetricInfo } from './catalog';

export type RowStatus = 'pending' | 'committed';

export interface LiveRow {
  readonly row: Row;
  readonly status: RowStatus;
  /** When the dashboard received it (epoch millis): what the latency benchmark measures from. */
  readonly receivedAt: number;
}

export interface LiveChange {
  readonly metric: string;
  readonly rows: readonly LiveRow[];
}

/** Older windows of a key are kept this many deep, so a late commit of one still finds its row. */
const WINDOWS_PER_KEY = 4;

export class LiveStore extends EventEmitter<{ change: [LiveChange] }> {
  private readonly metrics = new Map<string, Map<string, Map<number, LiveRow>>>();

  constructor(private readonly catalog: readonly MetricInfo[]) {
    super();
    this.setMaxListeners(0);
    for (const m of catalog) this.metrics.set(m.id, new Map());
  }

  /** Takes a batch of rows of one metric and emits one change with the rows that changed. */
  upsert(metricId: string, rows: readonly Row[], status: RowStatus, now = Date.now()): void {
    const metric = this.catalog.find((m) => m.id === metricId);
    const keys = this.metrics.get(metricId);
    if (!metric || !keys) throw new Error(`unknown metric ${metricId}`);
    const changed: LiveRow[] = [];
    for (const row of rows) {
      const key = String(row[metric.key]);
      const windowStart = Number(row.window_start);
      const windows = keys.get(key) ?? keys.set(key, new Map()).get(key)!;
      const before = windows.get(windowStart);
      // A committed row stays committed: the uncommitted reader may deliver it after the committed one did.
      const next: LiveRow = {
        row: status === 'committed' || !before ? row : before.row,
        status: before?.status === 'committed' ? 'committed' : status,
        receivedAt: before?.receivedAt ?? now,
      };
      if (before && before.status === next.status && before.row === next.row) continue;
      windows.set(windowStart, next);
      changed.push(next);
      if (windows.size > WINDOWS_PER_KEY) {
        const oldest = Math.min(...windows.keys());
        windows.delete(oldest);
      }
    }
    if (changed.length > 0) this.emit('change', { metric: metricId, rows: changed });
  }

  /** The latest window of every key. */
  latest(metricId: string): LiveRow[] {
    const keys = this.metrics.get(metricId);
    if (!keys) return [];
    const out: LiveRow[] = [];
    for (const windows of keys.values()) {
      const newest = Math.max(...windows.keys());
      const row = windows.get(newest);
      if (row) out.push(row);
    }
    return out;
  }
}
