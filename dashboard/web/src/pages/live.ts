/// <reference lib="dom" />
// Live: the latest window of every key, pushed by the server (Server-Sent Events) as rows arrive; sortable and
// filterable, rows not yet committed by the job's transaction marked pending.
import type { LiveRow, MetricInfo } from '../api';
import { el, formatCell, healthBadge } from '../format';
import { param, update } from '../state';
import { liveRows, onLive } from '../live-feed';

const REDRAW_MS = 50;

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
    ...(metric.liveTopic === null
      ? [
          el(
            'p',
            { class: 'hint', 'data-testid': 'no-live-topic' },
            `${metric.id} has no live topic sink: on the stack its rows are on Trends (from the lake) only.`,
          ),
        ]
      : []),
    controls,
    summary,
    el('div', { class: 'scroll' }, el('table', { 'data-testid': 'live-table' }, el('thead', {}, head), body)),
  );

  let scheduled = false;
  // A row's <tr> is rebuilt only when its LiveRow changed: a redraw after a burst then costs one element per new
  // row, not one per row shown (the live latency benchmark draws thousands of keys).
  const built = new Map<string, { readonly from: LiveRow; readonly tr: HTMLElement }>();
  let fresh: string[] = [];
  const rowElement = (r: LiveRow) => {
    const key = String(r.row[metric.key]);
    const cached = built.get(key);
    if (cached?.from === r) return cached.tr;
    const tr = el(
      'tr',
      { 'data-key': key, 'data-status': r.status, class: `status-${r.status}` },
      ...columns.map((c) =>
        el('td', {}, c === metric.health ? healthBadge(r.row[c]) : formatCell(c, r.row[c])),
      ),
      el('td', {}, r.status),
    );
    built.set(key, { from: r, tr });
    fresh.push(`${key}@${String(r.row.window_start)}`);
    return tr;
  };
  const draw = () => {
    scheduled = false;
    const rows = sorted(metric, visible(metric, liveRows().values()));
    const pending = rows.filter((r) => r.status === 'pending').length;
    summary.textContent = `${rows.length} ${metric.key}s shown, ${pending} pending (not yet committed)`;
    body.replaceChildren(...rows.map(rowElement));
    const drawnAt = performance.timeOrigin + performance.now();
    for (const id of fresh) window.__collab.drawn[id] ??= drawnAt;
    fresh = [];
  };
  draw();
  // A timer, not requestAnimationFrame: frames stop in a hidden tab, and a burst of rows is one redraw either way.
  return onLive(() => {
    if (!scheduled) {
      scheduled = true;
      setTimeout(draw, REDRAW_MS);
    }
  });
}
