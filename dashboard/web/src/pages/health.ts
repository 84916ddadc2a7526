/// <reference lib="dom" />
// Meeting health: keys whose latest window is degraded or critical, worst first (the server's order: critical
// before degraded, then by latency and packet loss), refreshed as live rows arrive.
import type { LiveRow, MetricInfo } from '../api';
import { get, metricPath } from '../api';
import { el, errorBox, formatCell, healthBadge, table } from '../format';
import { onLive } from '../live-feed';

const REFRESH_MS = 1_000;

export function renderHealth(root: HTMLElement, metric: MetricInfo): () => void {
  const title = metric.key === 'meeting_id' ? 'Meeting health' : `${metric.key} health`;
  root.append(el('h1', {}, `${title} — ${metric.id}`));
  if (metric.health === null) {
    root.append(
      errorBox(`${metric.id} has no health column (a derived measure returning healthy/degraded/critical)`),
    );
    return () => {};
  }
  const health = metric.health;
  const holder = el('div');
  root.append(
    el('p', { class: 'hint' }, `${metric.key}s whose latest window is degraded or critical, worst first.`),
    holder,
  );
  const columns = [metric.key, health, 'window_start', ...metric.healthMeasures];
  const load = async () => {
    try {
      const { rows } = await get<{ rows: LiveRow[] }>(metricPath(metric.id, 'health'));
      window.__collab.health = rows;
      holder.replaceChildren(
        el('p', { 'data-testid': 'health-summary' }, `${rows.length} unhealthy ${metric.key}s`),
        table(
          [...columns, 'status'],
          rows.map((r) => [
            ...columns.map((c) => (c === health ? healthBadge(r.row[c]) : formatCell(c, r.row[c]))),
            r.status,
          ]),
          'health-table',
        ),
      );
    } catch (error) {
      holder.replaceChildren(errorBox((error as Error).message));
    }
  };
  void load();
  let timer: ReturnType<typeof setTimeout> | null = null;
  return onLive(() => {
    timer ??= setTimeout(() => {
      timer = null;
      void load();
    }, REFRESH_MS);
  });
}
