// The Ops API over HTTP against a fake Prometheus: the dashboards listed, a panel's PromQL sent with the variables
// substituted and its series named by the legend format, and Prometheus down or absent answered with the reason.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Catalog, readGeneratedIr } from '../src/catalog';
import { LiveStore } from '../src/live-store';
import { MemoryHistory } from '../src/memory-history';
import type { OpsQueryAnswer } from '../src/ops-routes';
import type { OpsDashboard } from '../src/ops-queries';
import { loadOpsCatalog } from '../src/ops-queries';
import { PrometheusClient, prometheusUrl } from '../src/prometheus';
import { runDashboard } from '../src/command';
import { UsageError } from '../../cli/src/args';
import type { DashboardOptions } from '../src/server';
import { buildServer } from '../src/server';
import type { FakePrometheus } from './fake-prometheus';
import { FAKE_JOBS, deadUrl, startFakePrometheus } from './fake-prometheus';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-ops-'));
const NOW = Date.now();
const OVERVIEW = 'collab-pipeline-overview';
const ops = loadOpsCatalog();
let fake: FakePrometheus;
const servers: FastifyInstance[] = [];

async function serve(prometheus: DashboardOptions['prometheus']): Promise<string> {
  const catalog = new Catalog(readGeneratedIr());
  const app = await buildServer({
    mode: 'events',
    catalog,
    live: new LiveStore(catalog.metrics),
    history: new MemoryHistory(new Map(), { meetingOrg: new Map(), orgTier: new Map() }),
    now: () => NOW,
    webDir: dir,
    prometheus,
    ops,
  });
  servers.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

let address: string;

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>stub</title>');
  fake = await startFakePrometheus();
  address = await serve(new PrometheusClient(fake.url));
}, 60_000);

afterAll(async () => {
  for (const app of servers) await app.close();
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (base: string, url: string) => {
  const response = await fetch(`${base}${url}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const range = `from=${NOW - 3_600_000}&to=${NOW}&step=30`;
const panelTitled = (uid: string, title: string) =>
  ops.dashboard(uid).panels.find((p) => p.title === title)?.id as number;

describe('the Ops API', () => {
  it('lists the generated dashboards and the Prometheus it reads', async () => {
    const { status, body } = await get(address, '/api/ops/dashboards');
    expect(status).toBe(200);
    expect(body.prometheus).toBe(fake.url);
    const dashboards = body.dashboards as OpsDashboard[];
    expect(dashboards.map((d) => d.uid)).toEqual(ops.dashboards.map((d) => d.uid));
    // The browser gets legend formats, never the PromQL.
    expect(JSON.stringify(body)).not.toContain('flink_taskmanager');
  });

  it('sends the panel’s PromQL with the job substituted and names the series by the legend format', async () => {
    const panel = panelTitled(OVERVIEW, 'Records in per second, per operator');
    const before = fake.queries.length;
    const { status, body } = await get(
      address,
      `/api/ops/query?uid=${OVERVIEW}&panel=${panel}&${range}&var-job=meeting_trends`,
    );
    expect(status).toBe(200);
    const answer = body as unknown as OpsQueryAnswer;
    expect(fake.queries.slice(before)).toEqual([
      'sum by (job_name, operator_name) (flink_taskmanager_job_task_operator_numRecordsInPerSecond{job_name=~"meeting_trends"})',
    ]);
    expect(answer.targets).toHaveLength(1);
    const [series] = answer.targets[0]?.series ?? [];
    expect(series?.name).toBe('meeting_trends / Source: meeting-events');
    expect(series?.points).toHaveLength(121);
    expect(series?.points[0]?.[0]).toBe(NOW - 3_600_000);
    expect(series?.points.every(([, v]) => typeof v === 'number' && v > 0)).toBe(true);

    const all = await get(address, `/api/ops/query?uid=${OVERVIEW}&panel=${panel}&${range}`);
    const names = ((all.body as unknown as OpsQueryAnswer).targets[0]?.series ?? []).map((s) => s.name);
    expect(names).toEqual(FAKE_JOBS.map((j) => `${j} / Source: meeting-events`));
    expect(fake.queries.at(-1)).toContain('job_name=~".+"');
  });

  it('runs every target of a panel with two queries', async () => {
    const panel = panelTitled(OVERVIEW, 'TaskManager heap');
    const { body } = await get(address, `/api/ops/query?uid=${OVERVIEW}&panel=${panel}&${range}`);
    const targets = (body as unknown as OpsQueryAnswer).targets;
    expect(targets.map((t) => t.refId)).toEqual(['A', 'B']);
    expect(targets.map((t) => t.series[0]?.name)).toEqual(['tm-1 used', 'tm-1 max']);
  });

  it('lists a variable’s choices from Prometheus’s label values', async () => {
    const { status, body } = await get(
      address,
      `/api/ops/variables?uid=${OVERVIEW}&from=${NOW - 60_000}&to=${NOW}`,
    );
    expect(status).toBe(200);
    expect(body.variables).toEqual({ job: FAKE_JOBS });
  });

  it.each([
    [
      `/api/ops/query?uid=${OVERVIEW}&panel=5&${range}&var-job=${encodeURIComponent('x"}or vector(1)')}`,
      400,
      "parameter 'var-job'",
    ],
    [`/api/ops/query?uid=${OVERVIEW}&panel=5&${range}&query=up`, 400, 'unknown parameter'],
    [`/api/ops/query?uid=${OVERVIEW}&panel=5&from=0&to=${NOW}&step=60`, 400, 'at most 7 days'],
    [`/api/ops/query?uid=${OVERVIEW}&panel=5&from=${NOW - 86_400_000}&to=${NOW}&step=1`, 400, 'points'],
    [`/api/ops/query?uid=${OVERVIEW}&panel=999&${range}`, 404, 'no query panel'],
    [`/api/ops/query?uid=nope&panel=2&${range}`, 404, 'unknown dashboard'],
  ])('refuses %s with %i and asks Prometheus nothing', async (url, status, message) => {
    const before = fake.queries.length;
    const response = await get(address, url);
    expect(response.status).toBe(status);
    expect(String(response.body.message)).toContain(message);
    expect(fake.queries.length).toBe(before);
  });

  it('answers 502 with the reason when Prometheus is down, 503 when none is configured', async () => {
    const down = await deadUrl();
    const base = await serve(new PrometheusClient(down));
    const panel = panelTitled(OVERVIEW, 'Jobs running');
    const response = await get(base, `/api/ops/query?uid=${OVERVIEW}&panel=${panel}&${range}`);
    expect(response.status).toBe(502);
    expect(response.body.error).toBe('Bad Gateway');
    expect(response.body.message).toBe(`Prometheus at ${down} is unreachable (ECONNREFUSED)`);
    const variables = await get(base, `/api/ops/variables?uid=${OVERVIEW}&from=${NOW - 60_000}&to=${NOW}`);
    expect(variables.status).toBe(502);

    const none = await serve(null);
    const absent = await get(none, `/api/ops/query?uid=${OVERVIEW}&panel=${panel}&${range}`);
    expect(absent.status).toBe(503);
    expect(String(absent.body.message)).toContain('--prometheus');
    expect((await get(none, '/api/ops/dashboards')).body.prometheus).toBeNull();
  });

  it('passes on a query Prometheus refuses as a 502 with its error', async () => {
    const client = new PrometheusClient(fake.url);
    await expect(client.queryRange('rate(x[$bad])', NOW - 60_000, NOW, 15)).rejects.toThrow(
      /refused the query: bad_data: unsubstituted/,
    );
  });
});

describe('the Prometheus client and where it points', () => {
  it('gives up after its timeout, saying so', async () => {
    // Accepts the connection and never answers.
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      await expect(new PrometheusClient(url, 300).queryRange('up', NOW - 60_000, NOW, 15)).rejects.toThrow(
        `Prometheus at ${url} did not answer within 0.3 s`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('takes --prometheus, else $COLLAB_PROMETHEUS_URL, else the local stack’s port', () => {
    expect(prometheusUrl('http://prom:9090', { COLLAB_PROMETHEUS_URL: 'http://env:1' })).toBe(
      'http://prom:9090',
    );
    expect(prometheusUrl(undefined, { COLLAB_PROMETHEUS_URL: 'http://env:1' })).toBe('http://env:1');
    expect(prometheusUrl(undefined, {})).toBe('http://127.0.0.1:9090');
    expect(prometheusUrl(undefined, { COLLAB_PROMETHEUS_PORT: '19090' })).toBe('http://127.0.0.1:19090');
  });

  it('refuses a --prometheus that is not an http(s) URL before starting anything', async () => {
    const io = { out: () => {}, err: () => {} };
    await expect(runDashboard(['--prometheus', 'file:///etc/passwd'], io)).rejects.toThrow(UsageError);
    await expect(runDashboard(['--prometheus', 'localhost:9090'], io)).rejects.toThrow(
      /not an http\(s\) URL/,
    );
  });
});
