// Every panel of every dashboard in ops/grafana/ against the real stack (issue 14): with both jobs running and
// the simulator producing, each query returns at least one series with plausible values; the per-partition lag
// returns to about zero once the simulator stops; a burst of bad records fires the dead-letter alert; a killed
// TaskManager fires the restart alert (pending, then firing), which resolves once the jobs run again; the S3
// server (checkpoint storage) stopped fires the stale-checkpoint alert, which resolves once it is back.
//
// Like the end-to-end test it owns the stack's pipeline while it runs: it resets the jobs' topics, consumer groups
// and lake prefixes, deploys both jobs and cancels them at the end. Run alone:
//   npx jest --selectProjects stack --testPathPatterns ops/test --runInBand
// (the pattern matches absolute paths: plain `ops` also selects every stack test under a directory named *ops*,
// such as a worktree wt-ops, and with them the stack test that ends with `stack down`).
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
import type { Admin } from 'kafkajs';
import type { S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FlinkRest } from '../../deploy/src/flink-rest';
import { taskManagerProcessIds } from '../../infra/src/config';
import { createContext } from '../../infra/src/context';
import { restartProcess, startService, stopService } from '../../infra/src/lifecycle';
import { runStackCommand } from '../../infra/src/main';
import { isAlive, livePid } from '../../infra/src/process';
import { waitFor } from '../../infra/src/probe';
import { localS3Client } from '../../infra/src/s3client';
import { SERVICES } from '../../infra/src/services';
import { writePrometheusConfig } from '../../infra/src/services/prometheus';
import { JOBS } from '../../jobs';
import { DEFAULT_SIMULATION, planSimulation } from '../../simulator/src/plan';
import { ensureTopics, produce } from '../../simulator/src/produce';
import { registerSimulationSchemas } from '../../simulator/src/registry';
import { defaultCatalog } from '../../schemas/src/catalog';
import {
  cancelJobs,
  deployJobs,
  endpoints,
  jobArguments,
  resetPipeline,
  sourceTopics,
} from '../../e2e/src/pipeline';
import { ruleGroups } from '../src/alerts';
import { loadJobs } from '../src/compiler-output';
import type { Dashboard, Expectation } from '../src/grafana';
import { dashboards, GRAFANA_DIR } from '../src/outputs';
import { startDashboard } from '../../dashboard/src/command';
import { launchChromium, openReady } from '../../dashboard/test/chromium';
import type { OpsDrawn } from '../../dashboard/web/src/pages/ops';

const log = (m: string) => process.stdout.write(`${m}\n`);
const ctx = createContext(log);
const e = endpoints(ctx.config);
const jobs = [...JOBS.values()];
const flink = new FlinkRest(e.flinkUrl);
const kafka = new Kafka({
  ...kafkaSecurityFromEnv(),
  clientId: 'collab-ops-test',
  brokers: [e.bootstrap],
  logLevel: logLevel.WARN,
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-ops-stack-'));
const PARTITIONS = 3;

let admin: Admin;
let s3: S3Client;
let producing: Promise<unknown> | undefined;

interface Sample {
  labels: Record<string, string>;
  value: number;
}

async function instant(expr: string): Promise<Sample[]> {
  const url = `${e.prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`;
  const body = (await (await fetch(url)).json()) as {
    status: string;
    error?: string;
    data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error ?? body.status}`);
  return (body.data?.result ?? []).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

interface ActiveAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/** The pending and firing instances of one alert. */
async function activeAlerts(name: string): Promise<ActiveAlert[]> {
  const body = (await (await fetch(`${e.prometheusUrl}/api/v1/alerts`)).json()) as {
    data: { alerts: ActiveAlert[] };
  };
  return body.data.alerts.filter((a) => a.labels.alertname === name);
}

/** Waits until `name` fires for every job; returns every state it was seen in on the way. */
async function firingForEveryJob(name: string, timeoutMs: number): Promise<Set<string>> {
  const states = new Set<string>();
  await waitFor(
    `${name} to fire for every job`,
    timeoutMs,
    async () => {
      const ours = await activeAlerts(name);
      for (const a of ours) states.add(a.state);
      const firing = new Set(ours.filter((a) => a.state === 'firing').map((a) => a.labels.job_name));
      return jobs.every((j) => firing.has(j.id)) || undefined;
    },
    2_000,
  );
  log(`${name} states seen: ${[...states].join(', ')}`);
  return states;
}

/** Grafana's template variables as "all": the only one the dashboards use in queries is $job. */
const asAll = (expr: string): string => expr.replace(/\$job\b/g, '.+');

/** Why a query's answer is not plausible for its panel, or undefined when it is. */
function implausible(samples: Sample[], expect: Expectation): string | undefined {
  if (samples.length === 0) return 'no series';
  const bad = samples.filter((s) => !Number.isFinite(s.value) || s.value < 0);
  if (bad.length > 0) return `values not finite and ≥ 0: ${bad.map((s) => s.value).join(', ')}`;
  if (expect === 'positive' && !samples.some((s) => s.value > 0)) return 'every value is 0';
  return undefined;
}

const committed: Dashboard[] = fs
  .readdirSync(GRAFANA_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(GRAFANA_DIR, f), 'utf8')) as Dashboard);
const expectations = new Map(dashboards().map((b) => [b.dashboard.uid, b.expectations]));

beforeAll(async () => {
  expect(await runStackCommand(['up'])).toBe(0);
  // A Prometheus started before the rules existed keeps its old config: rewrite it and reload.
  await writePrometheusConfig(ctx);
  const reload = await fetch(`${e.prometheusUrl}/-/reload`, { method: 'POST' });
  expect(reload.status).toBe(200);
  const wanted = ruleGroups(loadJobs()).map((g) => g.name);
  await waitFor('Prometheus to load the ops/ alert rules', 60_000, async () => {
    const body = (await (await fetch(`${e.prometheusUrl}/api/v1/rules`)).json()) as {
      data: { groups: { name: string }[] };
    };
    const loaded = new Set(body.data.groups.map((g) => g.name));
    return wanted.every((g) => loaded.has(g)) || undefined;
  });
  admin = kafka.admin();
  await admin.connect();
  s3 = localS3Client(ctx.config);
}, 1_500_000);

afterAll(async () => {
  await producing?.catch(() => undefined);
  await cancelJobs(flink, jobs).catch(() => undefined);
  await admin?.disconnect();
  s3?.destroy();
  fs.rmSync(work, { recursive: true, force: true });
}, 180_000);

describe('ops dashboards and alerts on the real stack', () => {
  it('deploys both jobs and starts the simulator', async () => {
    await resetPipeline(jobs, e, { flink, admin, s3 });
    const registered = await registerSimulationSchemas(e.registryUrl, defaultCatalog());
    await ensureTopics(kafka, sourceTopics(jobs), PARTITIONS, 1);
    await deployJobs(jobs, jobArguments(e, 5_000), e.flinkUrl, { out: log });
    const now = Date.now();
    // 20 minutes of event time at 400 records/s: traffic for about three minutes while the panels are checked.
    const records = [
      ...planSimulation(
        { ...DEFAULT_SIMULATION, seed: 14, start: now - 20 * 60_000, end: now, now, badProbability: 0.002 },
        registered.schemas,
      ),
    ];
    log(`producing ${records.length} records at 400/s`);
    producing = produce(records, {
      brokers: [e.bootstrap],
      topics: sourceTopics(jobs),
      partitions: PARTITIONS,
      replicationFactor: 1,
      rate: 400,
      batchSize: 200,
      ledgerFile: path.join(work, 'ledger.jsonl'),
    });
  }, 600_000);

  it('every panel query of every dashboard returns plausible series while the simulator runs', async () => {
    expect(committed.length).toBe(expectations.size);
    const pending = new Map<string, { expr: string; expect: Expectation; why: string }>();
    for (const d of committed) {
      for (const p of d.panels) {
        if (p.type !== 'timeseries' && p.type !== 'stat') continue;
        const expect = expectations.get(d.uid)?.get(p.id);
        if (!expect) throw new Error(`${d.uid} panel ${p.id}: not in ops/src's output (run npm run ops:gen)`);
        for (const t of p.targets) {
          pending.set(`${d.uid} #${p.id} "${p.title}" ${t.refId}`, { expr: asAll(t.expr), expect, why: '' });
        }
      }
    }
    log(`${pending.size} panel queries`);
    // Rates need two scrapes, rows need a window to close and checkpoints need an interval: poll until each
    // query is plausible once, for as long as the simulator's traffic lasts.
    const deadline = Date.now() + 240_000;
    while (pending.size > 0 && Date.now() < deadline) {
      for (const [key, q] of pending) {
        const why = implausible(await instant(q.expr), q.expect);
        if (why === undefined) pending.delete(key);
        else q.why = why;
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 5_000));
    }
    expect([...pending].map(([key, q]) => `${key}: ${q.why}\n    ${q.expr}`)).toEqual([]);
  }, 600_000);

  it("the dashboard's Ops page draws the overview and every metric's dashboard from this Prometheus", async () => {
    // The no-stack mode needs an events file; the Ops page reads only Prometheus.
    const events = path.join(work, 'no-events.jsonl');
    fs.writeFileSync(events, '');
    const dashboard = await startDashboard({
      port: 0,
      host: '127.0.0.1',
      events,
      jobs: [],
      prometheus: e.prometheusUrl,
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      for (const d of committed) {
        await openReady(page, `${dashboard.url}/ops?dashboard=${d.uid}&range=15m`);
        const drawn = (await page.evaluate(() => window.__collab.ops)) as OpsDrawn;
        expect(drawn.uid).toBe(d.uid);
        const queryPanels = d.panels.filter((p) => p.type === 'timeseries' || p.type === 'stat');
        const empty = queryPanels
          .filter((p) => !(drawn.panels[p.id]!.series > 0))
          .map((p) => `#${p.id} ${p.title}`);
        expect({ dashboard: d.uid, empty }).toEqual({ dashboard: d.uid, empty: [] });
        expect(await page.$('[data-testid="error"]')).toBeNull();
        if (d.uid === 'collab-pipeline-overview') {
          await page.screenshot({ path: path.join(os.tmpdir(), 'collab-ops-stack.png'), fullPage: true });
          log(`the Ops page on the real stack: ${path.join(os.tmpdir(), 'collab-ops-stack.png')}`);
        }
      }
    } finally {
      await browser.close();
      await dashboard.close();
    }
  }, 300_000);

  it('per-partition lag returns to about zero after the simulator stops', async () => {
    await producing;
    const lag = committed
      .find((d) => d.uid === 'collab-pipeline-overview')!
      .panels.flatMap((p) => (p.type === 'timeseries' ? p.targets : []))
      .find((t) => t.expr.includes('KafkaSourceReader_topic_partition_currentOffset'))!.expr;
    const worst = await waitFor(
      'the lag of every partition to be ≤ 1',
      300_000,
      async () => {
        const samples = await instant(asAll(lag));
        const max = Math.max(...samples.map((s) => s.value));
        return samples.length >= PARTITIONS && max <= 1 ? max : undefined;
      },
      5_000,
    );
    log(`worst partition lag after the run: ${worst}`);
  }, 600_000);

  it('a burst of bad records fires DeadLettersHigh for both jobs', async () => {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    // Not Confluent-framed (first byte is not 0): dead letters with reason not-confluent-framed in every job.
    const messages = Array.from({ length: 3_000 }, (_, i) => ({
      key: `m-bad-${i}`,
      value: `bad record ${i}`,
    }));
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic: sourceTopics(jobs)[0]!, messages: messages.slice(i, i + 500) });
    }
    await producer.disconnect();
    expect(await firingForEveryJob('DeadLettersHigh', 180_000)).toContain('firing');
  }, 300_000);

  it('killed TaskManagers fire FlinkJobRestarting, pending first, and it resolves once the jobs run again', async () => {
    // Every TaskManager: each job then fails, wherever its slots were.
    const flinkService = SERVICES.find((s) => s.name === 'flink')!;
    for (const id of taskManagerProcessIds(ctx.config)) {
      const pid = livePid(ctx.paths, id);
      if (pid === undefined) throw new Error(`${id} is not running`);
      log(`SIGKILL ${id} (pid ${pid})`);
      process.kill(pid, 'SIGKILL');
      await waitFor(`${id} to die`, 30_000, async () => !isAlive(pid) || undefined, 100);
      fs.rmSync(ctx.paths.pid(id), { force: true });
    }
    for (const id of taskManagerProcessIds(ctx.config)) await restartProcess(ctx, flinkService, id);
    // for: 1m with a 5 s evaluation interval: the alert is pending for a minute before it fires.
    const states = await firingForEveryJob('FlinkJobRestarting', 300_000);
    expect(states).toContain('pending');
    // It looks back 5 minutes: once no job has restarted for that long, it resolves.
    await waitFor(
      'FlinkJobRestarting to resolve',
      600_000,
      async () => (await activeAlerts('FlinkJobRestarting')).length === 0 || undefined,
      5_000,
    );
  }, 1_000_000);

  it('checkpoint storage down (S3 stopped) fires FlinkCheckpointStale; it resolves once S3 is back', async () => {
    const s3Service = SERVICES.find((s) => s.name === 's3')!;
    log('stopping the S3 server (checkpoint storage)');
    await stopService(ctx, s3Service);
    try {
      // No checkpoint completes for 5 minutes, then `for: 1m`.
      expect(await firingForEveryJob('FlinkCheckpointStale', 600_000)).toContain('firing');
    } finally {
      await startService(ctx, s3Service);
    }
    // The jobs restore from their last checkpoint (their restarts back off up to 30 s) and checkpoint again.
    await waitFor(
      'FlinkCheckpointStale to resolve',
      600_000,
      async () => (await activeAlerts('FlinkCheckpointStale')).length === 0 || undefined,
      5_000,
    );
  }, 1_500_000);
});
