import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readJsonl } from '../../evaluator';
import { JOBS } from '../../jobs';
import { Catalog, readGeneratedIr } from '../src/catalog';
import type { EventsData } from '../src/events-mode';
import { evaluateEvents } from '../src/events-mode';
import type { HistorySource } from '../src/history';
import { LiveStore } from '../src/live-store';
import { MemoryHistory } from '../src/memory-history';
import { buildServer } from '../src/server';
import { writeSimulatedEvents } from '../src/simulated-events';

const START = Date.parse('2026-11-25T09:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-server-'));
let app: FastifyInstance;
let data: EventsData;
let live: LiveStore;
let historyCalls = 0;
let address: string;

beforeAll(async () => {
  const file = path.join(dir, 'events.jsonl');
  writeSimulatedEvents(file, {
    seed: 3,
    start: START,
    minutes: 40,
    meetingsPerMinute: 0.5,
    organizations: 4,
  });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>stub</title>');
  const catalog = new Catalog(readGeneratedIr());
  data = evaluateEvents([...JOBS.values()], readJsonl(fs.readFileSync(file, 'utf8'), file), Date.now());
  live = new LiveStore(catalog.metrics);
  for (const [metric, rows] of data.rows) live.upsert(metric, rows, 'committed');
  const memory = new MemoryHistory(data.rows, data.dimensions);
  // Counts every call, so a rejected request can be shown to have run nothing.
  const history: HistorySource = {
    topKeys: (...a) => (historyCalls++, memory.topKeys(...a)),
    points: (...a) => (historyCalls++, memory.points(...a)),
    options: (...a) => (historyCalls++, memory.options(...a)),
  };
  app = await buildServer({ mode: 'events', catalog, live, history, now: () => data.end, webDir: dir });
  // Over real HTTP: fastify's inject needs an ES-module-only dependency jest cannot load.
  address = await app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);

afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string) => {
  const response = await fetch(`${address}${url}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const rows = () => data.rows.get('meeting_metrics_30s')!;

describe('the dashboard API over the evaluator (no-stack mode)', () => {
  it('lists the metrics of the compiler output', async () => {
    const { status, body } = await get('/api/meta');
    expect(status).toBe(200);
    expect((body.metrics as { id: string }[]).map((m) => m.id)).toEqual([
      'meeting_metrics_30s',
      'meeting_trends_60s',
    ]);
    expect(body.now).toBe(data.end);
  });

  it('answers Trends with exactly the evaluator rows of the range and keys', async () => {
    const from = START + 10 * 60_000;
    const to = START + 25 * 60_000;
    const keys = [...new Set(rows().map((r) => String(r.meeting_id)))].slice(0, 3);
    const { status, body } = await get(
      `/api/metrics/meeting_metrics_30s/trends?measure=message_count&range=custom&from=${from}&to=${to}&keys=${keys.join(',')}`,
    );
    expect(status).toBe(200);
    const expected = keys.map((key) => ({
      key,
      points: rows()
        .filter((r) => r.meeting_id === key && Number(r.window_start) >= from && Number(r.window_start) < to)
        .map((r) => [r.window_start, r.message_count]),
    }));
    expect(body.series).toEqual(expected);
    expect(expected.some((s) => s.points.length > 0)).toBe(true);
  });

  it('picks the busiest keys when none are selected, and narrows by organisation and plan tier', async () => {
    const all = await get('/api/metrics/meeting_metrics_30s/trends?range=24h');
    expect((all.body.keys as string[]).length).toBe(8);
    const [org, tier] = [...data.dimensions.orgTier.entries()][0]!;
    const byOrg = await get(`/api/metrics/meeting_metrics_30s/trends?range=24h&org=${org}`);
    const byTier = await get(`/api/metrics/meeting_metrics_30s/trends?range=24h&tier=${tier}`);
    for (const key of byOrg.body.keys as string[]) expect(data.dimensions.meetingOrg.get(key)).toBe(org);
    for (const key of byTier.body.keys as string[])
      expect(data.dimensions.orgTier.get(data.dimensions.meetingOrg.get(key)!)).toBe(tier);
    expect(byOrg.body.keys).not.toEqual(all.body.keys);
  });

  it('draws the distribution and the health per plan tier over the same windows', async () => {
    const { body } = await get('/api/metrics/meeting_metrics_30s/distribution?range=24h&bins=10');
    expect(body.measure).toBe('engagement_score');
    const bins = body.bins as { count: number }[];
    expect(bins).toHaveLength(10);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(rows().length);
    const tiers = body.healthByTier as { healthy: number; degraded: number; critical: number }[];
    expect(tiers.reduce((n, t) => n + t.healthy + t.degraded + t.critical, 0)).toBe(rows().length);
    const critical = await get('/api/metrics/meeting_metrics_30s/distribution?range=24h&health=critical');
    expect(critical.body.windows).toBe(rows().filter((r) => r.meeting_health === 'critical').length);
  });

  it('lists unhealthy keys worst first', async () => {
    const { body } = await get('/api/metrics/meeting_metrics_30s/health');
    const listed = (body.rows as { row: Record<string, number | string> }[]).map((r) => r.row);
    expect(listed.length).toBeGreaterThan(0);
    const rank = (h: unknown) => ['healthy', 'degraded', 'critical'].indexOf(String(h));
    for (let i = 1; i < listed.length; i++) {
      const [a, b] = [listed[i - 1]!, listed[i]!];
      expect(rank(a.meeting_health)).toBeGreaterThanOrEqual(rank(b.meeting_health));
      if (a.meeting_health === b.meeting_health)
        expect(Number(a.avg_latency_ms)).toBeGreaterThanOrEqual(Number(b.avg_latency_ms));
    }
    expect(listed.every((r) => r.meeting_health !== 'healthy')).toBe(true);
  });

  it.each([
    ['/api/metrics/no_such_metric/trends', 404, 'unknown metric'],
    ['/api/metrics/meeting_metrics_30s/trends?range=3h', 400, "parameter 'range'"],
    ['/api/metrics/meeting_metrics_30s/trends?range=custom&from=2026-13-45&to=x', 400, "parameter 'from'"],
    ["/api/metrics/meeting_metrics_30s/trends?keys=m1'%20OR%201%3D1", 400, "parameter 'keys'"],
    ['/api/metrics/meeting_metrics_30s/trends?org=org-001%3BDROP%20TABLE%20x', 400, "parameter 'org'"],
    ['/api/metrics/meeting_metrics_30s/distribution?tier=pro--', 400, "parameter 'tier'"],
    ['/api/metrics/meeting_metrics_30s/distribution?tier=%2F*x*%2F', 400, "parameter 'tier'"],
    [
      '/api/metrics/meeting_metrics_30s/trends?measure=active_users%22%20FROM%20x',
      400,
      "parameter 'measure'",
    ],
    ['/api/metrics/meeting_metrics_30s/trends?where=1%3D1', 400, 'unknown parameter'],
    ['/api/nothing', 404, 'no such API route'],
  ])('rejects %s with %i and runs nothing', async (url, status, message) => {
    const before = historyCalls;
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(String(response.body.message)).toContain(message);
    expect(historyCalls).toBe(before);
  });

  it('pushes live rows to a browser over Server-Sent Events: the snapshot, then every change', async () => {
    const events: string[] = [];
    const received = new Promise<void>((resolve, reject) => {
      const request = http.get(`${address}/api/metrics/meeting_metrics_30s/live/stream`, (response) => {
        expect(response.headers['content-type']).toContain('text/event-stream');
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          events.push(...chunk.split('\n\n').filter((e) => e.startsWith('event:')));
          if (events.length === 1)
            live.upsert(
              'meeting_metrics_30s',
              [{ meeting_id: 'sse-probe', window_start: 0, window_end: 30_000 }],
              'pending',
            );
          if (events.length >= 2) {
            request.destroy();
            resolve();
          }
        });
      });
      request.on('error', reject);
    });
    await received;
    expect(events[0]).toMatch(/^event: snapshot\ndata: \[/);
    expect(events[1]).toContain('"meeting_id":"sse-probe"');
    expect(events[1]).toContain('"status":"pending"');
  });
});
