// The Ops page in a real browser (Debian Chromium through playwright-core), the dashboard pointed at a fake
// Prometheus: every query panel of the overview draws its series, the job variable narrows them, a metric's dashboard
// renders, an empty answer shows "no data", and a Prometheus that is down is said so on the page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningDashboard } from '../src/command';
import { startDashboard } from '../src/command';
import { loadOpsCatalog } from '../src/ops-queries';
import type { OpsDrawn } from '../web/src/pages/ops';
import { afterRerender, launchChromium, openReady } from './chromium';
import type { FakePrometheus } from './fake-prometheus';
import { FAKE_JOBS, deadUrl, startFakePrometheus } from './fake-prometheus';

const SCREENSHOTS = path.resolve(__dirname, '../screenshots');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-ops-browser-'));
const events = path.join(dir, 'events.jsonl');
const OVERVIEW = 'collab-pipeline-overview';
const catalog = loadOpsCatalog();
let fake: FakePrometheus;
let dashboard: RunningDashboard;
let browser: Browser;
let page: Page;

jest.setTimeout(120_000);

beforeAll(async () => {
  // The no-stack mode needs a file of events; the Ops page reads none of it.
  fs.writeFileSync(events, '');
  fake = await startFakePrometheus();
  dashboard = await startDashboard({ port: 0, host: '127.0.0.1', events, jobs: [], prometheus: fake.url });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await fake?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const open = (target: Page, pathAndQuery: string) => openReady(target, `${dashboard.url}${pathAndQuery}`);

const change = (action: () => Promise<unknown>) => afterRerender(page, action);

const drawn = async () => (await page.evaluate(() => window.__collab.ops)) as OpsDrawn;
const queryPanels = (uid: string) => catalog.dashboard(uid).panels.filter((p) => p.type !== 'text');

describe('the Ops page in a browser', () => {
  it('draws every panel of the pipeline overview from Prometheus, charts and stat numbers', async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await open(page, '/ops');
    const ops = await drawn();
    expect(ops.uid).toBe(OVERVIEW);
    const expected = queryPanels(OVERVIEW);
    expect(
      Object.keys(ops.panels)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(expected.map((p) => p.id));
    for (const p of expected) {
      expect(ops.panels[p.id]).toMatchObject({ title: p.title });
      expect(ops.panels[p.id]?.series).toBeGreaterThan(0);
      expect(ops.panels[p.id]?.points).toBeGreaterThan(100);
    }
    const timeseries = expected.filter((p) => p.type === 'timeseries');
    expect(await page.$$('.ops-timeseries canvas')).toHaveLength(timeseries.length);
    const stats = await page.$$eval('.ops-stat-value', (v) => v.map((x) => x.textContent ?? ''));
    expect(stats.length).toBeGreaterThanOrEqual(expected.filter((p) => p.type === 'stat').length);
    expect(stats.every((s) => /^\d/.test(s))).toBe(true);
    expect(await page.$('[data-testid="error"]')).toBeNull();
    expect(await page.isHidden('[data-testid="metric"]')).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ops.png') });
    // Every query the browser caused was the dashboard's own, with $job as All.
    expect(fake.queries.every((q) => !q.includes('$'))).toBe(true);
    expect(fake.queries.some((q) => q.includes('job_name=~".+"'))).toBe(true);
  });

  it('narrows the series with the job variable and keeps the choice in the URL', async () => {
    await open(page, '/ops?range=15m');
    const options = await page.$$eval('[data-testid="ops-var-job"] option', (o) =>
      o.map((x) => x.getAttribute('value')),
    );
    expect(options).toEqual(['', ...FAKE_JOBS]);
    const all = await drawn();
    const panel = catalog.dashboard(OVERVIEW).panels.find((p) => p.title.startsWith('Records in'))
      ?.id as number;
    await change(() => page.selectOption('[data-testid="ops-var-job"]', FAKE_JOBS[1] as string));
    const one = await drawn();
    expect(page.url()).toContain(`var-job=${FAKE_JOBS[1]}`);
    expect(one.variables).toEqual({ job: FAKE_JOBS[1] });
    expect(one.panels[panel]?.series).toBe(1);
    expect(all.panels[panel]?.series).toBe(FAKE_JOBS.length);
    expect(fake.queries.at(-1)).not.toContain('.+');
    await change(() => page.selectOption('[data-testid="ops-range"]', '6h'));
    expect((await drawn()).range).toBe('6h');
    expect(await page.inputValue('[data-testid="ops-var-job"]')).toBe(FAKE_JOBS[1]);
  });

  it('refreshes the panels in place when asked to', async () => {
    await open(page, '/ops?range=15m&refresh=5s');
    const first = await drawn();
    expect(first.refreshes).toBe(0);
    const asked = fake.queries.length;
    await page.waitForFunction(() => (window.__collab.ops?.refreshes ?? 0) >= 1, undefined, {
      timeout: 30_000,
    });
    const second = await drawn();
    expect(second.to).toBeGreaterThan(first.to);
    expect(fake.queries.length).toBeGreaterThanOrEqual(asked + queryPanels(OVERVIEW).length);
    for (const p of queryPanels(OVERVIEW)) expect(second.panels[p.id]?.series).toBeGreaterThan(0);
    // Redrawn, not added: one chart per timeseries panel still.
    const timeseries = queryPanels(OVERVIEW).filter((p) => p.type === 'timeseries');
    expect(await page.$$('.ops-timeseries canvas')).toHaveLength(timeseries.length);
    expect(await page.inputValue('[data-testid="ops-refresh"]')).toBe('5s');
  });

  it('switches to a metric’s dashboard: its text panel and its panels', async () => {
    await open(page, '/ops');
    const uid = catalog.dashboards[1]?.uid as string;
    await change(() => page.selectOption('[data-testid="ops-dashboard"]', uid));
    const ops = await drawn();
    expect(ops.uid).toBe(uid);
    for (const p of queryPanels(uid)) expect(ops.panels[p.id]?.series).toBeGreaterThan(0);
    expect(await page.$('[data-testid="ops-var-job"]')).toBeNull();
    expect(await page.textContent('.ops-markdown')).toContain('meeting_metrics_30s');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ops-metric.png'), fullPage: true });
  });

  it('says "no data" for an empty panel and names the Prometheus that is down', async () => {
    fake.setEmpty(true);
    try {
      await open(page, '/ops?range=15m');
      const ops = await drawn();
      expect(Object.values(ops.panels).every((p) => p.series === 0)).toBe(true);
      expect(await page.$$('[data-testid="no-data"]')).toHaveLength(queryPanels(OVERVIEW).length);
    } finally {
      fake.setEmpty(false);
    }
    const down = await deadUrl();
    const other = await startDashboard({ port: 0, host: '127.0.0.1', events, jobs: [], prometheus: down });
    try {
      await page.goto(`${other.url}/ops`);
      await page.waitForSelector('body[data-ready="true"]');
      const errors = await page.$$eval('[data-testid="error"]', (e) => e.map((x) => x.textContent ?? ''));
      expect(errors).toEqual([`Prometheus at ${down} is unreachable (ECONNREFUSED)`]);
      expect(await page.$$('.ops-failed')).toHaveLength(queryPanels(OVERVIEW).length);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'ops-down.png') });
      expect(await page.$$('canvas')).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
