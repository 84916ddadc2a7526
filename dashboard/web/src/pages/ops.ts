/// <reference lib="dom" />
// Ops: the generated Grafana dashboards (pipeline overview, one per metric) drawn from Prometheus through the
// server. The page sends a dashboard uid, panel id, range and variable values; the server owns the PromQL.
import type { OpsDashboard, OpsDashboardsAnswer, OpsPanel, OpsQueryAnswer } from '../api';
import { get } from '../api';
import { disposeChartsIn, panelChart } from '../charts';
import { el, errorBox, formatUnit } from '../format';
import { param, update } from '../state';

export const OPS_RANGES: Readonly<Record<string, number>> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '6h': 6 * 60 * 60_000,
  '24h': 24 * 60 * 60_000,
};
/** Auto-refresh periods (Grafana's dashboards refresh every 10 s); off by default. */
export const OPS_REFRESH: Readonly<Record<string, number>> = {
  '5s': 5000,
  '10s': 10_000,
  '30s': 30_000,
  '1m': 60_000,
};
/** About as many points as a panel is pixels wide / 2; never below the stack's 5 s scrape interval. */
const TARGET_POINTS = 300;
const MIN_STEP_S = 5;

export interface OpsPanelDrawn {
  readonly title: string;
  readonly type: OpsPanel['type'];
  readonly series: number;
  readonly points: number;
  readonly error?: string;
}

export interface OpsDrawn {
  readonly uid: string;
  readonly range: string;
  /** the range's end when the panels were last drawn (epoch millis), and how many auto-refreshes drew them */
  readonly to: number;
  readonly refreshes: number;
  readonly variables: Record<string, string>;
  readonly panels: Record<number, OpsPanelDrawn>;
}

let listing: Promise<OpsDashboardsAnswer> | null = null;
/** Bumped by every render and stop: a refresh timer of an older render stops itself. */
let generation = 0;

function select(name: string, label: string, choices: readonly [string, string][], value: string) {
  const node = el('select', { name, 'data-testid': `ops-${name}` });
  for (const [v, text] of choices) node.append(el('option', { value: v }, text));
  node.value = value;
  node.addEventListener('change', () => update({ [name]: node.value }));
  return el('label', {}, `${label} `, node);
}

/** A tiny markdown subset (the generated text panels): paragraphs, **bold** and `code`, built as DOM nodes. */
function markdown(text: string): HTMLElement {
  const box = el('div', { class: 'ops-markdown' });
  for (const paragraph of text.split(/\n\s*\n/)) {
    const p = el('p');
    for (const line of paragraph.split('\n')) {
      if (p.childNodes.length > 0) p.append(el('br'));
      for (const part of line.split(/(\*\*[^*]+\*\*|`[^`]+`)/)) {
        if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
          p.append(el('strong', {}, part.slice(2, -2)));
        else if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
          p.append(el('code', {}, part.slice(1, -1)));
        else if (part) p.append(part);
      }
    }
    box.append(p);
  }
  return box;
}

function lastValue(points: readonly [number, number | null][]): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i]?.[1];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

function statBody(panel: OpsPanel, series: { name: string; points: readonly [number, number | null][] }[]) {
  const body = el('div', { class: 'ops-stat-body' });
  for (const s of series) {
    const last = lastValue(s.points);
    body.append(
      el(
        'div',
        { class: 'ops-stat-item' },
        el('div', { class: 'ops-stat-value' }, last === null ? '—' : formatUnit(panel.unit, last)),
        el('div', { class: 'ops-stat-name' }, s.name),
      ),
    );
  }
  return body;
}

async function drawPanel(
  cell: HTMLElement,
  dashboard: OpsDashboard,
  panel: OpsPanel,
  params: URLSearchParams,
): Promise<OpsPanelDrawn> {
  const query = new URLSearchParams(params);
  query.set('uid', dashboard.uid);
  query.set('panel', String(panel.id));
  let answer: OpsQueryAnswer;
  const clear = () => {
    disposeChartsIn(cell);
    while (cell.childNodes.length > 1) cell.lastChild?.remove();
  };
  try {
    answer = await get<OpsQueryAnswer>('/api/ops/query', query);
    clear();
  } catch (error) {
    clear();
    const message = (error as Error).message;
    cell.append(el('div', { class: 'ops-note ops-failed' }, 'query failed (see above)'));
    return { title: panel.title, type: panel.type, series: 0, points: 0, error: message };
  }
  const series = answer.targets.flatMap((t) => t.series.map((s) => ({ name: s.name, points: s.points })));
  const points = series.reduce((n, s) => n + s.points.filter(([, v]) => v !== null).length, 0);
  if (points === 0) {
    cell.append(el('div', { class: 'ops-note', 'data-testid': 'no-data' }, 'no data in this range'));
  } else if (panel.type === 'stat') {
    cell.append(statBody(panel, series));
  } else {
    panelChart(cell, `ops-chart-${panel.id}`, series, (v) => formatUnit(panel.unit, v));
  }
  return { title: panel.title, type: panel.type, series: series.length, points };
}

function panelCell(panel: OpsPanel): HTMLElement {
  const title = el('h3', { class: 'ops-title', title: panel.description }, panel.title);
  const cell = el(
    'section',
    { class: `ops-panel ops-${panel.type}`, 'data-panel': String(panel.id), 'data-testid': 'ops-panel' },
    title,
  );
  cell.style.gridColumn = `span ${Math.max(1, Math.min(24, panel.gridPos.w))}`;
  return cell;
}

/** The step for a range: about TARGET_POINTS points, whole seconds. */
export function stepFor(spanMs: number): number {
  return Math.max(MIN_STEP_S, Math.ceil(spanMs / 1000 / TARGET_POINTS));
}

/** Renders the Ops page; the returned function stops its auto-refresh. */
export async function renderOps(root: HTMLElement): Promise<() => void> {
  const mine = ++generation;
  const stop = () => {
    if (generation === mine) generation++;
  };
  listing ??= get<OpsDashboardsAnswer>('/api/ops/dashboards');
  let answer: OpsDashboardsAnswer;
  try {
    answer = await listing;
  } catch (error) {
    listing = null;
    root.append(el('h1', {}, 'Ops'), errorBox((error as Error).message));
    return stop;
  }
  const uid = param('dashboard') || answer.dashboards[0]?.uid || '';
  const dashboard = answer.dashboards.find((d) => d.uid === uid);
  const range = OPS_RANGES[param('range')] !== undefined ? param('range') : '1h';
  const span = OPS_RANGES[range] as number;
  const refresh = OPS_REFRESH[param('refresh')] !== undefined ? param('refresh') : '';
  const to = Date.now();
  const from = to - span;
  const controls = el('div', { class: 'controls', 'data-testid': 'ops-controls' });
  controls.append(
    select(
      'dashboard',
      'dashboard',
      answer.dashboards.map((d) => [d.uid, d.title.replace(/^Collaborate-Stream(?: metric)?: /, '')]),
      uid,
    ),
    select(
      'range',
      'last',
      Object.keys(OPS_RANGES).map((r) => [r, r]),
      range,
    ),
    select(
      'refresh',
      'refresh',
      [['', 'off'], ...Object.keys(OPS_REFRESH).map((r): [string, string] => [r, `every ${r}`])],
      refresh,
    ),
  );
  root.append(el('h1', {}, `Ops — ${dashboard?.title ?? uid}`), controls);
  if (!dashboard) {
    root.append(
      errorBox(`unknown dashboard '${uid}' (known: ${answer.dashboards.map((d) => d.uid).join(', ')})`),
    );
    return stop;
  }
  root.append(
    el(
      'p',
      { class: 'hint' },
      `${dashboard.description} Prometheus: ${answer.prometheus ?? 'none configured'}; the same panels as ops/grafana/${dashboard.uid}.json.`,
    ),
  );
  const errors = el('div', { 'data-testid': 'ops-errors' });
  root.append(errors);

  const params = new URLSearchParams({ from: String(from), to: String(to), step: String(stepFor(span)) });
  const chosen: Record<string, string> = {};
  // Prometheus down fails every request the same way: each distinct reason is shown once, above the panels.
  const failures = new Set<string>();
  if (dashboard.variables.length > 0) {
    let choices: Record<string, string[]> = {};
    try {
      choices = (
        await get<{ variables: Record<string, string[]> }>(
          '/api/ops/variables',
          new URLSearchParams({ uid: dashboard.uid, from: String(from), to: String(to) }),
        )
      ).variables;
    } catch (error) {
      failures.add((error as Error).message);
    }
    for (const v of dashboard.variables) {
      const value = param(`var-${v.name}`);
      const values = choices[v.name] ?? [];
      const options: [string, string][] = [['', 'All'], ...values.map((x): [string, string] => [x, x])];
      if (value && !values.includes(value)) options.push([value, value]);
      controls.append(select(`var-${v.name}`, v.label, options, value));
      chosen[v.name] = value;
      if (value) params.set(`var-${v.name}`, value);
    }
  }

  const cells: [OpsPanel, HTMLElement][] = [];
  let section: string | null = null;
  let grid: HTMLElement | null = null;
  for (const panel of dashboard.panels) {
    if (panel.section !== section || grid === null) {
      section = panel.section;
      grid = el('div', { class: 'ops-grid' });
      root.append(el('h2', { class: 'ops-section' }, section), grid);
    }
    const cell = panelCell(panel);
    grid.append(cell);
    if (panel.type === 'text') cell.append(markdown(panel.content ?? ''));
    else cells.push([panel, cell]);
  }

  const drawAll = async (end: number, refreshes: number) => {
    params.set('from', String(end - span));
    params.set('to', String(end));
    const panels = Object.fromEntries(
      await Promise.all(
        cells.map(
          async ([panel, cell]) => [panel.id, await drawPanel(cell, dashboard, panel, params)] as const,
        ),
      ),
    );
    // A newer render owns the page now: this one's late answers draw nothing it would see.
    if (generation !== mine) return;
    for (const p of Object.values(panels)) if (p.error) failures.add(p.error);
    errors.replaceChildren(...[...failures].map((message) => errorBox(message)));
    failures.clear();
    window.__collab.ops = { uid: dashboard.uid, range, to: end, refreshes, variables: chosen, panels };
  };
  await drawAll(to, 0);
  if (refresh) {
    // The next refresh is timed from the end of the last, so a slow Prometheus never gets overlapping rounds.
    const again = (refreshes: number) =>
      setTimeout(() => {
        if (generation !== mine) return;
        void drawAll(Date.now(), refreshes).then(() => {
          if (generation === mine) again(refreshes + 1);
        });
      }, OPS_REFRESH[refresh]);
    again(1);
  }
  return stop;
}
