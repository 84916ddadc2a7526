/// <reference lib="dom" />
// The dashboard's single page: reads the metric catalog once, then renders the page the path names, with the
// view in the query string. `body[data-ready]` turns true when a render has its data (what browser tests wait on).
import type { Distribution, LiveRow, Meta, MetricInfo, Options, Trends } from './api';
import { get, metricPath } from './api';
import { disposeCharts } from './charts';
import { el, errorBox } from './format';
import { connectLive } from './live-feed';
import { renderDistributions } from './pages/distributions';
import { renderHealth } from './pages/health';
import { renderLive } from './pages/live';
import type { OpsDrawn } from './pages/ops';
import { renderOps } from './pages/ops';
import { renderTrends } from './pages/trends';
import { navigate, onStateChange, param } from './state';

declare global {
  interface Window {
    /** What the pages last drew, for tests and the benchmark: the data itself, not the pixels. */
    __collab: {
      trends?: Trends;
      distribution?: Distribution;
      health?: LiveRow[];
      /** The Ops page: per panel id, the series and (non-null) points drawn. */
      ops?: OpsDrawn;
      /** When each `key@window_start` row was first drawn on the Live page (epoch millis). */
      drawn: Record<string, number>;
    };
  }
}
window.__collab = { drawn: {} };

const PAGES = [
  ['live', 'Live'],
  ['trends', 'Trends'],
  ['distributions', 'Distributions'],
  ['health', 'Meeting health'],
  ['ops', 'Ops'],
] as const;

let meta: Meta;
let stopPage: () => void = () => {};
const optionsCache = new Map<string, Promise<Options>>();

function currentPage(): string {
  const name = location.pathname.replace(/^\/+|\/+$/g, '');
  return PAGES.some(([p]) => p === name) ? name : 'live';
}

function currentMetric(): MetricInfo | undefined {
  const id = param('metric');
  return id ? meta.metrics.find((m) => m.id === id) : meta.metrics[0];
}

function options(metric: MetricInfo): Promise<Options> {
  const cached = optionsCache.get(metric.id) ?? get<Options>(metricPath(metric.id, 'options'));
  optionsCache.set(metric.id, cached);
  return cached;
}

function renderNav(page: string): void {
  const nav = document.getElementById('nav') as HTMLElement;
  nav.replaceChildren(
    ...PAGES.map(([name, label]) => {
      const link = el(
        'a',
        { href: `/${name}`, 'data-page': name, class: name === page ? 'active' : '' },
        label,
      );
      link.addEventListener('click', (event) => {
        event.preventDefault();
        navigate(name);
      });
      return link;
    }),
  );
}

async function render(): Promise<void> {
  document.body.dataset.ready = 'false';
  stopPage();
  stopPage = () => {};
  disposeCharts();
  const page = currentPage();
  renderNav(page);
  const root = document.getElementById('page') as HTMLElement;
  root.replaceChildren();
  const picker = document.getElementById('metric') as HTMLSelectElement;
  // The Ops page is about the jobs and the stack, not one metric: no metric picker, no live feed.
  (picker.parentElement as HTMLElement).hidden = page === 'ops';
  if (page === 'ops') {
    try {
      stopPage = await renderOps(root);
    } catch (error) {
      root.append(errorBox((error as Error).message));
    }
    document.body.dataset.ready = 'true';
    return;
  }
  const metric = currentMetric();
  if (!metric) {
    root.append(
      errorBox(`unknown metric '${param('metric')}' (known: ${meta.metrics.map((m) => m.id).join(', ')})`),
    );
    document.body.dataset.ready = 'true';
    return;
  }
  picker.value = metric.id;
  connectLive(metric);
  try {
    if (page === 'live') stopPage = renderLive(root, metric);
    else if (page === 'health') stopPage = renderHealth(root, metric);
    else if (page === 'trends') await renderTrends(root, metric, await options(metric));
    else await renderDistributions(root, metric, await options(metric));
  } catch (error) {
    root.append(errorBox((error as Error).message));
  }
  document.body.dataset.ready = 'true';
}

async function start(): Promise<void> {
  meta = await get<Meta>('/api/meta');
  const picker = document.getElementById('metric') as HTMLSelectElement;
  picker.replaceChildren(...meta.metrics.map((m) => el('option', { value: m.id }, `${m.id} (by ${m.key})`)));
  picker.addEventListener('change', () => {
    history.pushState(null, '', `/${currentPage()}?metric=${encodeURIComponent(picker.value)}`);
    void render();
  });
  (document.getElementById('mode') as HTMLElement).textContent =
    meta.mode === 'events' ? 'no-stack mode: reference evaluator over a file' : 'live: Kafka + Trino';
  onStateChange(() => void render());
  window.addEventListener('popstate', () => void render());
  await render();
}

void start();
