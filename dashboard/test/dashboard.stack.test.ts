// The dashboard on the real stack: both production jobs running on Flink, simulated traffic through Kafka. Rows
// appear on the Live page in the browser (pending, then committed), the Trends page for a range equals Trino's
// answer to the same query, and a metric keyed by org_id (difftest/jobs/keyed_by_others.ts, whose rows the test
// writes to its lake table from the reference evaluator) gets working pages with no dashboard code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
import type { Browser, Page } from 'playwright-core';
import { ensureJobJar } from '../../cli/src/deploy';
import { runSimulate } from '../../cli/src/simulate';
import { generateJobFiles } from '../../codegen/src/generate';
import { FlinkRest } from '../../deploy/src/flink-rest';
import {
  deleteLakePrefix,
  deployJobs,
  endpoints,
  jobArguments,
  resetPipeline,
  sourceTopics,
  waitUntilConsumed,
} from '../../e2e/src/pipeline';
import { evaluate, readJsonl } from '../../evaluator';
import { createContext } from '../../infra/src/context';
import { runStackCommand } from '../../infra/src/main';
import { localS3Client } from '../../infra/src/s3client';
import { JOBS } from '../../jobs';
import { TrinoClient } from '../../query/src/trino';
import { defaultCatalog } from '../../schemas/src/catalog';
import { ensureTopics } from '../../simulator/src/produce';
import { registerSimulationSchemas } from '../../simulator/src/registry';
import type { RunningDashboard } from '../src/command';
import { startDashboard } from '../src/command';
import { compileJobFiles } from '../src/compile-job';
import { insertRows } from '../src/lake-rows';
import { Statement, timestamp, varchar } from '../src/sql';
import { trinoMillis } from '../src/trino-history';
import type { Trends } from '../web/src/api';
import { launchChromium } from './chromium';

const OTHER_JOB = 'difftest/jobs/keyed_by_others.ts';
const TEST_LAKE_PREFIX = 'dashboard-test';
const log = (text: string) => process.stderr.write(`[dashboard.stack] ${text}\n`);
const ctx = createContext(log);
const e = endpoints(ctx.config);
const jobs = [...JOBS.values()];
const ledger = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-stack-')), 'ledger.jsonl');
const trino = new TrinoClient({
  server: e.trinoUrl,
  catalog: 'lake',
  schema: 'metrics',
  user: 'collab-test',
});
const kafka = new Kafka({
  ...kafkaSecurityFromEnv(),
  clientId: 'collab-dashboard-test',
  brokers: [e.bootstrap],
  logLevel: logLevel.WARN,
});
const admin = kafka.admin();
let dashboard: RunningDashboard;
let browser: Browser;
let page: Page;

jest.setTimeout(600_000);

beforeAll(async () => {
  expect(await runStackCommand(['up'])).toBe(0);
  await admin.connect();
  const s3 = localS3Client(ctx.config);
  try {
    await resetPipeline(jobs, e, { flink: new FlinkRest(e.flinkUrl), admin, s3 });
    await deleteLakePrefix(s3, e.lakeBucket, `${TEST_LAKE_PREFIX}/`);
  } finally {
    s3.destroy();
  }
  await ensureTopics(kafka, sourceTopics(jobs), 3, 1);
  ensureJobJar(log);
  await deployJobs(jobs, jobArguments(e, 5_000), e.flinkUrl, { out: log });
  dashboard = await startDashboard({ port: 0, host: '127.0.0.1', jobs: [...JOBS.keys(), OTHER_JOB], log });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await admin.disconnect();
});

async function open(pathAndQuery: string): Promise<void> {
  await page.goto(`${dashboard.url}${pathAndQuery}`);
  await page.waitForSelector('body[data-ready="true"]');
}

const trends = async () => (await page.evaluate(() => window.__collab.trends)) as Trends;

/** The same rows straight from Trino: key, window start, measure, for the page's keys and range. */
async function fromTrino(table: string, key: string, measure: string, shown: Trends) {
  const st = new Statement();
  st.sql(`SELECT ${key}, window_start, ${measure} FROM lake.metrics.${table}`);
  st.sql(
    ` WHERE window_start >= ${st.param(timestamp(shown.from))} AND window_start < ${st.param(timestamp(shown.to))}`,
  );
  st.sql(` AND ${key} IN ${st.list(shown.keys.map(varchar))} ORDER BY window_start, ${key}`);
  const { rows } = await trino.query(st.render());
  return shown.keys.map((k) => ({
    key: k,
    points: rows.filter((r) => r[0] === k).map((r) => [trinoMillis(r[1]), r[2]]),
  }));
}

describe('the dashboard on the local stack', () => {
  it('shows simulated rows on the Live page as the jobs produce them, then marks them committed', async () => {
    await open('/live?metric=meeting_metrics_30s');
    const simulated = runSimulate(['--period', '10m', '--rate', '1000', '--ledger', ledger], { out: log });
    const first = await page.waitForSelector('tr[data-key^="mtg-"]', { timeout: 120_000 });
    log(
      `first live row drawn: ${await first.getAttribute('data-key')} (${await first.getAttribute('data-status')})`,
    );
    await page.waitForSelector('tr[data-key^="mtg-"][data-status="committed"]', { timeout: 120_000 });
    expect(await simulated).toBe(0);
    await waitUntilConsumed(admin, jobs, 300_000, log);
  });

  it('draws the Trends of a range exactly as Trino answers the same query', async () => {
    await open('/trends?metric=meeting_metrics_30s&measure=message_count&range=1h');
    const shown = await trends();
    expect(shown.keys.length).toBeGreaterThan(0);
    expect(shown.series).toEqual(
      await fromTrino('meeting_metrics_30s', 'meeting_id', 'message_count', shown),
    );
    expect(shown.series.reduce((n, s) => n + s.points.length, 0)).toBeGreaterThan(20);
    await open('/trends?metric=meeting_trends_60s&measure=active_users&range=15m');
    const sliding = await trends();
    expect(sliding.series).toEqual(
      await fromTrino('meeting_trends_60s', 'meeting_id', 'active_users', sliding),
    );
  });

  it('serves a metric keyed by org_id from its lake table, with the organisation filters by key', async () => {
    const [job] = compileJobFiles([OTHER_JOB]);
    const ddl = [...generateJobFiles(job!)].find(([name]) =>
      name.endsWith('metrics.org_activity_30s.sql'),
    )![1];
    await trino.query('DROP TABLE IF EXISTS lake.metrics.org_activity_30s');
    await trino.query(
      ddl
        .replace(/^--.*\n/gm, '')
        .replaceAll('${LAKE_PATH}', `${e.lakePath}/${TEST_LAKE_PREFIX}`)
        .trim()
        .replace(/;$/, ''),
    );
    const { catalog } = await registerSimulationSchemas(e.registryUrl, defaultCatalog());
    const dsl = (await import(path.resolve(OTHER_JOB))) as { default: Parameters<typeof evaluate>[0] };
    const rows = evaluate(dsl.default, readJsonl(fs.readFileSync(ledger, 'utf8'), ledger), {
      now: Date.now(),
      catalog,
    })
      .rows.filter((r) => r.metric === 'org_activity_30s')
      .map((r) => r.row);
    expect(rows.length).toBeGreaterThan(10);
    await insertRows(trino, { schema: 'metrics', table: 'org_activity_30s' }, job!.metrics[0]!.columns, rows);

    await open('/trends?metric=org_activity_30s&measure=events&range=1h');
    const shown = await trends();
    expect(shown.series).toEqual(await fromTrino('org_activity_30s', 'org_id', 'events', shown));
    const { rows: plans } = await trino.query(
      'SELECT org_id, plan_tier FROM lake.history.organization_plans',
    );
    const tier = String(plans.find((p) => shown.keys.includes(String(p[0])))![1]);
    await open(`/trends?metric=org_activity_30s&measure=events&range=1h&tier=${tier}`);
    const byTier = await trends();
    const tierOrgs = plans.filter((p) => p[1] === tier).map((p) => String(p[0]));
    expect(byTier.keys.length).toBeGreaterThan(0);
    expect(byTier.keys.every((k) => tierOrgs.includes(k))).toBe(true);
    await open('/distributions?metric=org_activity_30s&range=1h');
    expect(await page.$('[data-testid="error"]')).toBeNull();
    expect(
      Number((await page.textContent('[data-testid="distribution-summary"]'))!.split(' ')[0]),
    ).toBeGreaterThan(0);
  });
});
