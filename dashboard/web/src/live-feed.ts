/// <reference lib="dom" />
// One EventSource per metric: the server sends a snapshot of the latest rows, then every changed row. Pages read
// `liveRows()` (latest window per key) and subscribe with `onLive`.
import type { LiveRow, MetricInfo } from './api';
import { metricPath } from './api';

let source: EventSource | null = null;
let sourceMetric = '';
const latest = new Map<string, LiveRow>();
const listeners = new Set<() => void>();

function take(metric: MetricInfo, rows: readonly LiveRow[]): void {
  for (const r of rows) {
    const key = String(r.row[metric.key]);
    const before = latest.get(key);
    if (!before || Number(r.row.window_start) >= Number(before.row.window_start)) latest.set(key, r);
  }
  for (const listener of listeners) listener();
}

export function connectLive(metric: MetricInfo): void {
  if (source && sourceMetric === metric.id) return;
  source?.close();
  latest.clear();
  sourceMetric = metric.id;
  source = new EventSource(metricPath(metric.id, 'live/stream'));
  source.addEventListener('snapshot', (e) =>
    take(metric, JSON.parse((e as MessageEvent<string>).data) as LiveRow[]),
  );
  source.addEventListener('rows', (e) =>
    take(metric, JSON.parse((e as MessageEvent<string>).data) as LiveRow[]),
  );
}

export function liveRows(): ReadonlyMap<string, LiveRow> {
  return latest;
}

/** Calls `listener` on every change until the returned function is called. */
export function onLive(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
