// The dashboard server in json log mode: each request is logged as ECS JSON (fastify's pino logger with our
// formatters), over real HTTP on 127.0.0.1 like server.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Catalog, readGeneratedIr } from '../src/catalog';
import { LiveStore } from '../src/live-store';
import type { HistorySource } from '../src/history';
import { buildServer } from '../src/server';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-log-'));
const lines: string[] = [];
let app: FastifyInstance;
let address: string;

// A data source that is down: the server answers 502 and logs the error.
const unavailable = async (): Promise<never> => {
  throw new Error('trino is down');
};
const history: HistorySource = { topKeys: unavailable, points: unavailable, options: unavailable };

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>stub</title>');
  const catalog = new Catalog(readGeneratedIr());
  const live = new LiveStore(catalog.metrics);
  app = await buildServer({
    mode: 'events',
    catalog,
    live,
    history,
    now: () => 0,
    webDir: dir,
    logFormat: 'json',
    // pino writes whole lines (one write per event) to a plain { write } stream.
    logStream: { write: (chunk: string) => lines.push(...chunk.split('\n').filter((l) => l !== '')) },
  });
  address = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

it('logs a request as ECS JSON: method, path, status, duration, request id', async () => {
  const response = await fetch(`${address}/api/metrics/no_such_metric/live?x=1`);
  expect(response.status).toBe(404);
  const completed = records().find((r) => r['http.response.status_code'] === 404);
  const incoming = records().find((r) => r['http.request.method'] === 'GET' && r['url.path']);
  expect(incoming).toMatchObject({
    'log.level': 'info',
    message: 'incoming request',
    'url.path': '/api/metrics/no_such_metric/live',
    'url.query': 'x=1',
    'client.address': '127.0.0.1',
  });
  expect(completed).toMatchObject({ 'log.level': 'info', message: 'request completed' });
  expect(typeof completed?.['event.duration']).toBe('number');
  expect(completed?.['http.request.id']).toBe(incoming?.['http.request.id']);
  for (const r of [incoming, completed]) {
    expect(r).toMatchObject({
      'ecs.version': '8.11',
      'service.name': 'collab-stream',
      'event.dataset': 'collab-stream.dashboard',
    });
    const timestamp = r?.['@timestamp'] as string;
    expect(new Date(timestamp).toISOString()).toBe(timestamp);
    // pino's own names are renamed, not duplicated.
    for (const pinoName of ['msg', 'level', 'time', 'req', 'res', 'reqId', 'responseTime'])
      expect(r).not.toHaveProperty([pinoName]);
  }
});

it('logs a failing data source as an ECS error event with the error fields', async () => {
  const metric = readGeneratedIr()[0]?.metrics[0]?.id as string;
  const response = await fetch(`${address}/api/metrics/${metric}/options`);
  expect(response.status).toBe(502);
  const failed = records().find((r) => r['log.level'] === 'error');
  expect(failed).toMatchObject({
    message: 'dashboard: trino is down',
    'error.type': 'Error',
    'error.message': 'trino is down',
    'event.dataset': 'collab-stream.dashboard',
  });
  expect(String(failed?.['error.stack_trace'])).toContain('trino is down');
  expect(failed).not.toHaveProperty(['err']);
});
