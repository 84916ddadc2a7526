// The dashboard's benchmark (issue 16; not a test: nothing here asserts a time). Writes
// bench/results/dashboard-<date>.json.
//
//   npx tsx bench/src/dashboard.ts [--no-stack] [--latency-only] [--latency-seconds 30] [--browsers 1,4] [--burst 60]
//
// 1. First render of the Trends page over one simulated day (the day the pipeline benchmark simulates: 24 h at 2
//    meetings a minute, evaluated by the reference evaluator): in the no-stack mode, and on the stack with the
//    day's rows in the lake table and the history tables (Trino).
// 2. Live row → drawn: rows produced to the live topic in transactions (like the job's sink): every second the
//    next window of `--burst` keys (at the demo's 1 000 events/s about 60 meetings are open and their windows
//    close together every 30 s; a burst every second is 30 times that row rate), with N browser pages on the Live
//    page, after a warm-up row every page has drawn; per row, from the produce acknowledgement to the row being
//    drawn on each page. Reports p50/p99/max, rows and browsers served.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import type { Row } from '../../evaluator';
import { JobEvaluator } from '../../evaluator';
import { Catalog, readGeneratedIr } from '../../dashboard/src/catalog';
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
import { RESULTS, ROOT } from './paths';
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
  log(`no-stack server at ${url}`);
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
  readonly superseded: number;
}

/** A later window of the same key was drawn. */
function supersededOn(drawn: Record<string, number>, id: string): boolean {
  const [key, windowStart] = id.split('@') as [string, string];
  return Object.keys(drawn).some(
    (d) => d.startsWith(`${key}@`) && Number(d.split('@')[1]) > Number(windowStart),
  );
}

async function liveLatency(
  browser: Browser,
  dashboard: { readonly url: string },
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
  const tag = Date.now().toString(36);
  const base = Math.floor(Date.now() / 30_000) * 30_000;
  const row = (key: string, windowStart: number, users: number) => ({
    key,
    value: JSON.stringify({
      meeting_id: key,
      window_start: windowStart,
      window_end: windowStart + 30_000,
      active_users: users,
      meeting_health: 'healthy',
    }),
  });
  const drawnOn = (page: Page) => page.evaluate(() => window.__collab.drawn);
  // Warm-up: the consumers have joined and every page draws before anything is timed.
  const warmUp = `bench-${tag}-warmup`;
  const warm = await producer.transaction();
  await warm.send({ topic, messages: [row(warmUp, base, 0)] });
  await warm.commit();
  for (const page of pages)
    await page.waitForFunction((id) => window.__collab.drawn[id] !== undefined, `${warmUp}@${base}`, {
      timeout: 120_000,
    });
  // The same `burst` keys every second, each with its next window: meetings whose windows close together.
  const acked = new Map<string, number>();
  for (let s = 1; s <= seconds; s++) {
    const tick = performance.now();
    const transaction = await producer.transaction();
    const keys = Array.from({ length: burst }, (_, i) => `bench-${tag}-${i}`);
    const windowStart = base + s * 30_000;
    await transaction.send({ topic, messages: keys.map((key) => row(key, windowStart, s)) });
    const now = Date.now();
    for (const key of keys) acked.set(`${key}@${windowStart}`, now);
    await transaction.commit();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (performance.now() - tick))));
  }
  await producer.disconnect();
  // Rows still not drawn after this are reported, not waited for forever.
  const deadline = Date.now() + 10_000;
  const latencies: number[] = [];
  let notDrawn = 0;
  // The page shows the latest window of a key: a window whose next one arrived before a redraw is never drawn.
  let superseded = 0;
  for (const page of pages) {
    let drawn: Record<string, number> = {};
    while (Date.now() < deadline) {
      drawn = await drawnOn(page);
      if ([...acked.keys()].every((k) => drawn[k] !== undefined)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const [id, at] of acked) {
      const drawnAt = drawn[id];
      if (drawnAt !== undefined) latencies.push(drawnAt - at);
      else if (supersededOn(drawn, id)) superseded++;
      else notDrawn++;
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
    superseded,
  };
}

/** `collab-stream dashboard --port 0` as a child process; resolves with its URL once it listens. */
function spawnDashboard(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/collab-stream.js'), 'dashboard', '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /dashboard: (http:\/\/[^/\s]+)\/live/.exec(out)?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`the dashboard exited with ${code} before listening`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'no-stack': { type: 'boolean' },
      'latency-seconds': { type: 'string' },
      browsers: { type: 'string' },
      burst: { type: 'string' },
      'latency-only': { type: 'boolean' },
    },
  });
  const latencyOnly = values['latency-only'] === true;
  const day = latencyOnly ? null : simulatedDay();
  log('launching chromium');
  const browser = await launchChromium();
  log('reading the machine');
  const results: Record<string, unknown> = {
    benchmark: 'dashboard',
    date: new Date().toISOString(),
    machine: machineInfo(),
    ...(day
      ? {
          day: { start: new Date(day.config.start).toISOString(), events: day.events, rows: day.rows.length },
        }
      : {}),
  };
  try {
    if (day) {
      log('Trends over the day, no-stack mode');
      results.trendsNoStack = await noStackRender(browser, day.rows, day.config.end);
      log(`Trends over a day, no-stack: ${JSON.stringify(results.trendsNoStack)}`);
    }
    const ctx = createContext(log);
    if (!values['no-stack'] && (await tcpOpen(ctx.config.host, ctx.config.trino.port))) {
      if (day) await loadDayIntoLake(day);
      const dashboard = await startDashboard({ port: 0, host: '127.0.0.1', jobs: [], log });
      try {
        if (day) {
          const url = `${dashboard.url}/trends?metric=${METRIC}&range=24h`;
          results.trendsStack = await timeRender(await browser.newPage(), url);
          log(`Trends over a day, stack (Trino): ${JSON.stringify(results.trendsStack)}`);
        }
        const latency: LatencyResult[] = [];
        // The live path is measured against a dashboard of its own process, as it runs in production: here it
        // would share one event loop with the producer and the browser driver.
        const served = await spawnDashboard();
        for (const n of (values.browsers ?? '1,4').split(',').map(Number)) {
          latency.push(
            await liveLatency(
              browser,
              served,
              n,
              Number(values['latency-seconds'] ?? '30'),
              Number(values.burst ?? '60'),
            ),
          );
          log(`live row → drawn: ${JSON.stringify(latency.at(-1))}`);
        }
        results.liveLatency = latency;
        served.stop();
      } finally {
        await dashboard.close();
      }
    } else log('the stack is not running: no Trino render, no live latency');
  } finally {
    await browser.close();
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  const file = path.join(
    RESULTS,
    `dashboard${latencyOnly ? '-latency' : ''}-${new Date().toISOString().slice(0, 10)}.json`,
  );
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
