/// <reference lib="dom" />
// Live: the latest window of every key, pushed by the server (Server-Sent Events) as rows arrive; sortable and
// filterable, rows not yet committed by the job's transaction marked pending.
import type { LiveRow, MetricInfo } from '../api';
import { el, formatCell, healthBadge } from '../format';
import { param, update } from '../state';
import { liveRows, onLive } from '../live-feed';

function sorted(metric: MetricInfo, rows: LiveRow[]): LiveRow[] {
  const column = param('sort') || metric.key;
  const dir = param('dir') === 'desc' ? -1 : 1;
  const value = (r: LiveRow) => r.row[column] ?? null;
  return rows.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return String(a.row[metric.key]).localeCompare(String(b.row[metric.key]));
    if (x === null) return 1;
    if (y === null) return -1;
    return (
      (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir
    );
  });
}

function visible(metric: MetricInfo, rows: Iterable<LiveRow>): LiveRow[] {
  const text = param('q').toLowerCase();
  const health = param('health');
  return [...rows].filter(
    (r) =>
      (!text || String(r.row[metric.key]).toLowerCase().includes(text)) &&
      (!health || metric.health === null || r.row[metric.health] === health),
  );
}

export function renderLive(root: HTMLElement, metric: MetricInfo): () => void {
  const columns = [metric.key, 'window_start', ...(metric.health ? [metric.health] : []), ...metric.measures];
  const search = el('input', {
    type: 'search',
    placeholder: `filter ${metric.key}`,
    'data-testid': 'live-filter',
  });
  search.value = param('q');
  search.addEventListener('change', () => update({ q: search.value.trim() }));
  const controls = el('div', { class: 'controls' }, el('label', {}, 'filter ', search));
  if (metric.health) {
    const health = el('select', { 'data-testid': 'live-health' });
    for (const h of ['', 'healthy', 'degraded', 'critical'])
      health.append(el('option', { value: h }, h || 'all'));
    health.value = param('health');
    health.addEventListener('change', () => update({ health: health.value }));
    controls.append(el('label', {}, 'health ', health));
  }
  const summary = el('p', { 'data-testid': 'live-summary' });
  const body = el('tbody');
  const head = el(
    'tr',
    {},
    ...[...columns, 'status'].map((c) => {
      const arrow = (param('sort') || metric.key) === c ? (param('dir') === 'desc' ? ' ▼' : ' ▲') : '';
      const th = el('th', { 'data-column': c, class: 'sortable' }, c + arrow);
      th.addEventListener('click', () =>
        update({ sort: c, dir: param('sort') === c && param('dir') !== 'desc' ? 'desc' : 'asc' }),
      );
      return th;
    }),
  );
  root.append(
    el('h1', {}, `Live — ${metric.id}`),
    el(
      'p',
      { class: 'hint' },
      `${metric.description} Latest ${metric.windowMs / 1000} s window per ${metric.key}.`,
    ),
    controls,
    summary,
    el('div', { class: 'scroll' }, el('table', { 'data-testid': 'live-table' }, el('thead', {}, head), body)),
  );

  let scheduled = false;
  const draw = () => {
    scheduled = false;
    const rows = sorted(metric, visible(metric, liveRows().values()));
    const pending = rows.filter((r) => r.status === 'pending').length;
    summary.textContent = `${rows.length} ${metric.key}s shown, ${pending} pending (not yet committed)`;
    body.replaceChildren(
      ...rows.map((r) =>
        el(
          'tr',
          { 'data-key': String(r.row[metric.key]), 'data-status': r.status, class: `status-${r.status}` },
          ...columns.map((c) =>
            el('td', {}, c === metric.health ? healthBadge(r.row[c]) : formatCell(c, r.row[c])),
          ),
          el('td', {}, r.status),
        ),
      ),
    );
    const drawnAt = performance.timeOrigin + performance.now();
    for (const r of rows) window.__collab.drawn[String(r.row[metric.key])] ??= drawnAt;
  };
  draw();
  return onLive(() => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(draw);
    }
  });
}
