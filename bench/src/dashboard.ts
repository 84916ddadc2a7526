// The dashboard's benchmark (issue 16; not a test: nothing here asserts a time). Writes
// bench/results/dashboard-<date>.json.
//
//   npx tsx bench/src/dashboard.ts [--no-stack] [--latency-seconds 30] [--browsers 1,4] [--burst 60]
//
// 1. First render of the Trends page over one simulated day (the day the pipeline benchmark simulates: 24 h at 2
//    meetings a minute, evaluated by the reference evaluator): in the no-stack mode, and on the stack with the
//    day's rows in the lake table and the history tables (Trino).
// 2. Live row → drawn: rows produced to the live topic in transactions (like the job's sink), in bursts of
//    `--burst` rows every second (the demo's rate: at 1 000 events/s about 60 meetings are open, and their windows
//    close together), with N browser pages on the Live page; per row, from the produce acknowledgement to the
//    row being drawn on every page. Reports p50/p99/max, rows and browsers served.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import type { Row } from '../../evaluator';
import { JobEvaluator } from '../../evaluator';
import { Catalog, readGeneratedIr } from '../../dashboard/src/catalog';
import type { RunningDashboard } from '../../dashboard/src/command';
import { startDashboard } from '../../dashboard/src/command';
import { insertRows } from '../../dashboard/src/lake-rows';
import { LiveStore } from '../../dashboard/src/live-store';
import { MemoryHistory } from '../../dashboard/src/memory-history';
import { buildServer } from '../../dashboard/src/server';
import { ensureWebBuild } from '../../dashboard/src/web-build';
import { launchChromium } from '../../dashboard/test/chromium';
import { deleteLakePrefix, endpoints } from '../../e2e/src/pipeline';
import { createContext } from '../../infra/src/context';
import { tcpOpen } from '../../infra/src/probe';
import { localS3Client } from '../../infra/src/s3client';
import { JOBS } from '../../jobs';
import { historyTables, writeHistory } from '../../query/src/history';
import { TrinoClient } from '../../query/src/trino';
import type { MeetingPlan } from '../../simulator/src/meetings';
import { simulateMeetings } from '../../simulator/src/meetings';
import { Random } from '../../simulator/src/random';
import { buildWorld } from '../../simulator/src/world';
import { daySimulation } from './pipeline';
import { RESULTS } from './paths';
import { log, machineInfo, median, percentile } from './util';

const METRIC = 'meeting_metrics_30s';
const WARM_RENDERS = 4;

interface RenderResult {
  readonly firstMs: number;
  readonly warmMedianMs: number;
  readonly windows: number;
  readonly keys: number;
}

function simulatedDay() {
  const config = daySimulation(Date.now());
  const root = new Random(config.seed);
  const world = buildWorld(root.fork(1), config.organizations, config.usersPerOrg);
  const meetings: MeetingPlan[] = [];
  const job = JOBS.get(METRIC)!;
  const evaluator = new JobEvaluator(job, { now: config.now });
  const started = performance.now();
  let events = 0;
  for (const event of simulateMeetings(root.fork(2), world, config, (m) => meetings.push(m))) {
    evaluator.push({ topic: event.topic, partition: 0, offset: events++, value: event.value });
  }
  const rows = evaluator
    .finish()
    .rows.filter((r) => r.metric === METRIC)
    .map((r) => r.row);
  log(
    `simulated day: ${events} events → ${rows.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { config, world, meetings, rows, events };
}

async function timeRender(page: Page, url: string): Promise<RenderResult> {
  const times: number[] = [];
  for (let i = 0; i <= WARM_RENDERS; i++) {
    const started = performance.now();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 300_000 });
    times.push(performance.now() - started);
  }
  const data = (await page.evaluate(() => window.__collab.trends))!;
  return {
    firstMs: Math.round(times[0]!),
    warmMedianMs: Math.round(median(times.slice(1))),
    windows: data.series.reduce((n, s) => n + s.points.length, 0),
    keys: data.keys.length,
  };
}

async function noStackRender(browser: Browser, rows: Row[], end: number): Promise<RenderResult> {
  const catalog = new Catalog(readGeneratedIr());
  const server = await buildServer({
    mode: 'events',
    catalog,
    live: new LiveStore(catalog.metrics),
    history: new MemoryHistory(new Map([[METRIC, rows]]), { meetingOrg: new Map(), orgTier: new Map() }),
    now: () => end,
    webDir: ensureWebBuild(log),
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await timeRender(await browser.newPage(), `${url}/trends?metric=${METRIC}&range=24h`);
  } finally {
    await server.close();
  }
}

async function loadDayIntoLake(day: ReturnType<typeof simulatedDay>): Promise<void> {
  const ctx = createContext(log);
  const e = endpoints(ctx.config);
  const trino = new TrinoClient({
    server: e.trinoUrl,
    catalog: 'lake',
    schema: 'metrics',
    user: 'collab-bench',
  });
  const s3 = localS3Client(ctx.config);
  try {
    // The day replaces what the lake table held (a demo's or a test's rows), as the pipeline benchmark's does.
    await deleteLakePrefix(s3, e.lakeBucket, `metrics/${METRIC}/`);
  } finally {
    s3.destroy();
  }
  await trino.query(`CALL lake.system.sync_partition_metadata('metrics', '${METRIC}', 'FULL')`);
  const started = performance.now();
  const metric = readGeneratedIr()
    .flatMap((j) => j.metrics)
    .find((m) => m.id === METRIC)!;
  await insertRows(trino, { schema: 'metrics', table: METRIC }, metric.columns, day.rows);
  await writeHistory(trino, historyTables(day.world, day.meetings));
  log(
    `loaded ${day.rows.length} rows and the history tables in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

interface LatencyResult {
  readonly browsers: number;
  readonly rows: number;
  readonly rowsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly notDrawn: number;
}

async function liveLatency(
  browser: Browser,
  dashboard: RunningDashboard,
  browsers: number,
  seconds: number,
  burst: number,
): Promise<LatencyResult> {
  const ctx = createContext(log);
  const kafka = new Kafka({
    clientId: 'collab-bench-live',
    brokers: [endpoints(ctx.config).bootstrap],
    logLevel: logLevel.WARN,
  });
  const topic = new Catalog(readGeneratedIr()).get(METRIC)!.liveTopic!;
  const admin = kafka.admin();
  await admin.connect();
  if (!(await admin.listTopics()).includes(topic))
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const pages = await Promise.all(
    Array.from({ length: browsers }, () => browser.newPage({ viewport: { width: 1280, height: 800 } })),
  );
  for (const page of pages) {
    await page.goto(`${dashboard.url}/live?metric=${METRIC}`);
    await page.waitForSelector('body[data-ready="true"]');
  }
  const producer = kafka.producer({
    transactionalId: `collab-bench-live-${Date.now().toString(36)}`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const acked = new Map<string, number>();
  const tag = Date.now().toString(36);
  const windowStart = Math.floor(Date.now() / 30_000) * 30_000;
  for (let s = 0; s < seconds; s++) {
    const tick = performance.now();
    const transaction = await producer.transaction();
    const keys = Array.from({ length: burst }, (_, i) => `bench-${tag}-${s}-${i}`);
    await transaction.send({
      topic,
      messages: keys.map((key) => ({
        key,
        value: JSON.stringify({
          meeting_id: key,
          window_start: windowStart,
          window_end: windowStart + 30_000,
          active_users: s,
          meeting_health: 'healthy',
        }),
      })),
    });
    const now = Date.now();
    for (const key of keys) acked.set(key, now);
    await transaction.commit();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (performance.now() - tick))));
  }
  await producer.disconnect();
  // Rows still not drawn after this are reported, not waited for forever.
  const deadline = Date.now() + 10_000;
  const latencies: number[] = [];
  let notDrawn = 0;
  for (const page of pages) {
    let drawn: Record<string, number> = {};
    while (Date.now() < deadline) {
      drawn = await page.evaluate(() => window.__collab.drawn);
      if ([...acked.keys()].every((k) => drawn[k] !== undefined)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const [key, at] of acked) {
      if (drawn[key] === undefined) notDrawn++;
      else latencies.push(drawn[key] - at);
    }
    await page.close();
  }
  return {
    browsers,
    rows: acked.size,
    rowsPerSecond: burst,
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    maxMs: Math.round(Math.max(...latencies)),
    notDrawn,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'no-stack': { type: 'boolean' },
      'latency-seconds': { type: 'string' },
      browsers: { type: 'string' },
      burst: { type: 'string' },
    },
  });
  const day = simulatedDay();
  const browser = await launchChromium();
  const results: Record<string, unknown> = {
    benchmark: 'dashboard',
    date: new Date().toISOString(),
    machine: machineInfo(),
    day: { start: new Date(day.config.start).toISOString(), events: day.events, rows: day.rows.length },
  };
  try {
    results.trendsNoStack = await noStackRender(browser, day.rows, day.config.end);
    log(`Trends over a day, no-stack: ${JSON.stringify(results.trendsNoStack)}`);
    const ctx = createContext(log);
    if (!values['no-stack'] && (await tcpOpen(ctx.config.host, ctx.config.trino.port))) {
      await loadDayIntoLake(day);
      const dashboard = await startDashboard({ port: 0, host: '127.0.0.1', jobs: [], log });
      try {
        results.trendsStack = await timeRender(
          await browser.newPage(),
          `${dashboard.url}/trends?metric=${METRIC}&range=24h`,
        );
        log(`Trends over a day, stack (Trino): ${JSON.stringify(results.trendsStack)}`);
        const latency: LatencyResult[] = [];
        for (const n of (values.browsers ?? '1,4').split(',').map(Number)) {
          latency.push(
            await liveLatency(
              browser,
              dashboard,
              n,
              Number(values['latency-seconds'] ?? '30'),
              Number(values.burst ?? '60'),
            ),
          );
          log(`live row → drawn: ${JSON.stringify(latency.at(-1))}`);
        }
        results.liveLatency = latency;
      } finally {
        await dashboard.close();
      }
    } else log('the stack is not running: no Trino render, no live latency');
  } finally {
    await browser.close();
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `dashboard-${new Date().toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`dashboard bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
