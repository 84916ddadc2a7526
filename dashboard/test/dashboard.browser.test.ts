// The pages in a real browser (Debian Chromium through playwright-core) against the no-stack mode over a seeded
// simulation: every page renders its data, the controls change the data shown, the URL restores a view, bad input
// is refused. Assertions read the data the page drew (tables, window.__collab), not just that a click happened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningDashboard } from '../src/command';
import { startDashboard } from '../src/command';
import { HISTORY_TOPICS } from '../src/events-mode';
import { writeSimulatedEvents } from '../src/simulated-events';
import type { Distribution, Trends } from '../web/src/api';
import { afterRerender, launchChromium, openReady } from './chromium';

const SCREENSHOTS = path.resolve(__dirname, '../screenshots');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-browser-'));
const events = path.join(dir, 'events.jsonl');
const START = Date.parse('2026-11-25T09:00:00Z');
let dashboard: RunningDashboard;
let browser: Browser;
let page: Page;
const meetingOrg = new Map<string, string>();

jest.setTimeout(120_000);

beforeAll(async () => {
  writeSimulatedEvents(events, {
    seed: 11,
    start: START,
    minutes: 90,
    meetingsPerMinute: 0.5,
    organizations: 5,
  });
  for (const line of fs.readFileSync(events, 'utf8').split('\n')) {
    if (!line.includes(HISTORY_TOPICS.meetings)) continue;
    const { value } = JSON.parse(line) as { value: { meeting_id: string; org_id: string } };
    meetingOrg.set(value.meeting_id, value.org_id);
  }
  dashboard = await startDashboard({ port: 0, host: '127.0.0.1', events, jobs: [] });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const open = (target: Page, pathAndQuery: string) => openReady(target, `${dashboard.url}${pathAndQuery}`);

const change = (action: () => Promise<unknown>) => afterRerender(page, action);

const cells = (testid: string, column: number) =>
  page.$$eval(
    `[data-testid="${testid}"] tbody tr`,
    (rows, i) => rows.map((r) => r.children[i]?.textContent ?? ''),
    column,
  );

const trends = async () => (await page.evaluate(() => window.__collab.trends)) as Trends;
const distribution = async () => (await page.evaluate(() => window.__collab.distribution)) as Distribution;
const windowsOf = (t: Trends) => t.series.reduce((n, s) => n + s.points.length, 0);

describe('the dashboard in a browser (no-stack mode)', () => {
  it('renders every page with its data', async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await open(page, '/live');
    expect((await cells('live-table', 0)).length).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'live.png') });
    await open(page, '/trends?range=1h&measure=active_users');
    expect(await cells('trends-table', 0)).toHaveLength(8);
    expect(await page.$('[data-testid="trends-chart"] canvas')).not.toBeNull();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'trends.png') });
    await open(page, '/distributions?range=24h');
    const bins = (await cells('histogram-table', 1)).map(Number);
    expect(bins.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    expect((await cells('tier-table', 0)).length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'distributions.png'), fullPage: true });
    await open(page, '/health');
    const levels = await page.$$eval('[data-testid="health-table"] tbody [data-health]', (b) =>
      b.map((x) => x.getAttribute('data-health')),
    );
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((l) => l === 'degraded' || l === 'critical')).toBe(true);
    expect(
      levels.indexOf('degraded') === -1 || levels.lastIndexOf('critical') < levels.indexOf('degraded'),
    ).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'health.png') });
    expect(await page.$('[data-testid="error"]')).toBeNull();
  });

  it('changes the data with the time range, including a custom one', async () => {
    await open(page, '/trends?measure=message_count');
    const hour = await trends();
    await change(() => page.selectOption('[data-testid="control-range"]', '15m'));
    const quarter = await trends();
    expect(quarter.to - quarter.from).toBe(15 * 60_000 + 1);
    expect(windowsOf(quarter)).toBeLessThan(windowsOf(hour));
    expect(page.url()).toContain('range=15m');
    await change(() => page.selectOption('[data-testid="control-range"]', 'custom'));
    await change(() => page.fill('[data-testid="control-from"]', '2026-11-25T09:10'));
    await change(() => page.fill('[data-testid="control-to"]', '2026-11-25T09:20'));
    const custom = await trends();
    expect([custom.from, custom.to]).toEqual([
      Date.parse('2026-11-25T09:10:00Z'),
      Date.parse('2026-11-25T09:20:00Z'),
    ]);
    expect(windowsOf(custom)).toBeGreaterThan(0);
  });

  it('filters by organisation, plan tier and health, and the URL restores the view', async () => {
    await open(page, '/trends?range=24h');
    const org = await page.$$eval('[data-testid="control-org"] option', (o) =>
      o.map((x) => x.getAttribute('value')),
    );
    const chosen = org.find((o) => o) as string;
    await change(() => page.selectOption('[data-testid="control-org"]', chosen));
    await change(() => page.selectOption('[data-testid="control-measure"]', 'avg_latency_ms'));
    const filtered = await trends();
    expect(filtered.measure).toBe('avg_latency_ms');
    expect(filtered.keys.length).toBeGreaterThan(0);
    for (const key of filtered.keys) expect(meetingOrg.get(key)).toBe(chosen);
    const shared = page.url();
    const other = await browser.newPage();
    await open(other, new URL(shared).pathname + new URL(shared).search);
    const restored = (await other.evaluate(() => window.__collab.trends)) as Trends;
    expect({ ...restored, queryMs: 0 }).toEqual({ ...filtered, queryMs: 0 });
    expect(await other.inputValue('[data-testid="control-org"]')).toBe(chosen);
    expect(await other.inputValue('[data-testid="control-measure"]')).toBe('avg_latency_ms');
    await other.close();

    await open(page, '/distributions?range=24h');
    const all = await distribution();
    await change(() => page.selectOption('[data-testid="control-health"]', 'critical'));
    const critical = await distribution();
    expect(critical.windows).toBeLessThan(all.windows);
    expect(critical.healthByTier.every((t) => t.healthy === 0 && t.degraded === 0)).toBe(true);
    const tier = await page.$$eval('[data-testid="control-tier"] option', (o) =>
      o.map((x) => x.getAttribute('value')),
    );
    await change(() => page.selectOption('[data-testid="control-tier"]', tier.find((t) => t) as string));
    const byTier = await distribution();
    expect(byTier.healthByTier.map((t) => t.tier)).toEqual([tier.find((t) => t)]);
  });

  it('sorts and filters the Live page, and shows new rows without a reload', async () => {
    await open(page, '/live');
    await change(() => page.click('th[data-column="avg_latency_ms"]'));
    await change(() => page.click('th[data-column="avg_latency_ms"]'));
    expect(page.url()).toContain('sort=avg_latency_ms&dir=desc');
    const column = await page.$$eval('th', (h) =>
      h.findIndex((x) => x.getAttribute('data-column') === 'avg_latency_ms'),
    );
    const latencies = (await cells('live-table', column)).filter((v) => v !== '—').map(Number);
    expect(latencies).toEqual([...latencies].sort((a, b) => b - a));
    await change(() =>
      page
        .fill('[data-testid="live-filter"]', 'mtg-00001')
        .then(() => page.press('[data-testid="live-filter"]', 'Enter')),
    );
    const keys = await cells('live-table', 0);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.includes('mtg-00001'))).toBe(true);

    const probe = {
      meeting_id: 'mtg-000019-probe',
      window_start: START,
      window_end: START + 30_000,
      meeting_health: 'critical',
    };
    dashboard.live.upsert('meeting_metrics_30s', [probe], 'pending');
    const row = await page.waitForSelector('tr[data-key="mtg-000019-probe"][data-status="pending"]');
    expect(await row.textContent()).toContain('pending');
    dashboard.live.upsert('meeting_metrics_30s', [probe], 'committed');
    await page.waitForSelector('tr[data-key="mtg-000019-probe"][data-status="committed"]');
  });

  it('shows the second metric and refuses bad input with a clear error', async () => {
    await open(page, '/trends?metric=meeting_trends_60s&range=1h');
    expect((await trends()).keys).toHaveLength(8);
    await open(page, '/trends?metric=no_such_metric');
    expect(await page.textContent('[data-testid="error"]')).toContain("unknown metric 'no_such_metric'");
    await open(page, '/trends?range=3h');
    expect(await page.textContent('[data-testid="error"]')).toContain("parameter 'range'");
    await open(page, `/trends?range=1h&org=${encodeURIComponent("x' OR '1'='1")}`);
    expect(await page.textContent('[data-testid="error"]')).toContain("parameter 'org'");
    const api = await page.request.get(`${dashboard.url}/api/metrics/meeting_metrics_30s/trends?keys=a;b`);
    expect(api.status()).toBe(400);
  });
});
