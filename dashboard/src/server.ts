// The dashboard's HTTP server (fastify): the JSON API the pages read, Server-Sent Events for live rows, and the
// built front end as static files.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Fastify, { LogController } from 'fastify';
import { healthByTier, histogram, seriesByKey } from './analysis';
import type { Catalog, MetricInfo } from './catalog';
import { HEALTH_LEVELS } from './catalog';
import type { HistorySource } from './history';
import { TOP_KEYS } from './history';
import type { LiveChange, LiveRow, LiveStore } from './live-store';
import { opsDashboards, opsQuery, opsVariables } from './ops-routes';
import type { OpsCatalog } from './ops-queries';
import { loadOpsCatalog } from './ops-queries';
import type { PrometheusApi } from './prometheus';
import type { Query, View } from './view';
import { HttpError, checkParams, parseBins, parseView } from './view';
import type { LogFormat } from '../../cli/src/log';
import { REQUEST_ID_LOG_LABEL, ecsRequestLogger } from './request-log';

export interface DashboardOptions {
  readonly mode: 'stack' | 'events';
  readonly catalog: Catalog;
  readonly live: LiveStore;
  readonly history: HistorySource;
  /** The clock relative ranges end at: now on the stack, the data's last window end over a file of events. */
  readonly now: () => number;
  /** The built front end (index.html and assets/). */
  readonly webDir: string;
  /** The Prometheus the Ops page reads; null: none configured (the page says so). */
  readonly prometheus?: PrometheusApi | null;
  /** The Ops page's dashboards; default: those ops/ generates from the compiler's output. */
  readonly ops?: OpsCatalog;
  /** json: every request logged as ECS JSON (to `logStream`, default stderr); text (default): no request log. */
  readonly logFormat?: LogFormat;
  readonly logStream?: { write(line: string): void };
}

/** The pages the front end routes itself; each is served index.html. */
export const PAGES = ['live', 'trends', 'distributions', 'health', 'ops'] as const;

const SSE_HEARTBEAT_MS = 15_000;

function metricOf(options: DashboardOptions, request: FastifyRequest): MetricInfo {
  const { id } = request.params as { id: string };
  const metric = options.catalog.get(id);
  if (!metric)
    throw new HttpError(
      404,
      `unknown metric ${JSON.stringify(id.slice(0, 60))} (known: ${options.catalog.metrics.map((m) => m.id).join(', ')})`,
    );
  return metric;
}

const healthRank = (row: LiveRow, metric: MetricInfo) =>
  HEALTH_LEVELS.indexOf(String(metric.health === null ? '' : row.row[metric.health]) as never);

/** Keys whose latest window is not healthy, critical first, then by each health measure, highest first. */
export function unhealthy(metric: MetricInfo, rows: readonly LiveRow[]): LiveRow[] {
  if (metric.health === null) return [];
  const num = (row: LiveRow, name: string) => {
    const v = row.row[name];
    return typeof v === 'number' ? v : -Infinity;
  };
  return rows
    .filter((r) => healthRank(r, metric) > 0)
    .sort(
      (a, b) =>
        healthRank(b, metric) - healthRank(a, metric) ||
        metric.healthMeasures.reduce((d, name) => d || num(b, name) - num(a, name), 0) ||
        String(a.row[metric.key]).localeCompare(String(b.row[metric.key])),
    );
}

/** What a history answer repeats of its request: the view as resolved (relative ranges as times). */
const resolved = (metric: MetricInfo, view: View) => ({
  metric: metric.id,
  measure: view.measure,
  range: view.range,
  from: view.from,
  to: view.to,
});

function streamLive(
  options: DashboardOptions,
  metric: MetricInfo,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // The snapshot first, then every change: a browser that connects mid-stream misses nothing.
  out.write(`event: snapshot\ndata: ${JSON.stringify(options.live.latest(metric.id))}\n\n`);
  const onChange = (change: LiveChange) => {
    if (change.metric === metric.id) out.write(`event: rows\ndata: ${JSON.stringify(change.rows)}\n\n`);
  };
  options.live.on('change', onChange);
  const heartbeat = setInterval(() => out.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS);
  request.raw.on('close', () => {
    clearInterval(heartbeat);
    options.live.off('change', onChange);
  });
}

export async function buildServer(options: DashboardOptions): Promise<FastifyInstance> {
  // Live streams never go idle: without forcing, close() would wait for every browser to leave.
  const json = options.logFormat === 'json';
  const app = Fastify({
    logger: json ? ecsRequestLogger(options.logStream) : false,
    logController: new LogController({ requestIdLogLabel: REQUEST_ID_LOG_LABEL }),
    forceCloseConnections: true,
  });
  const query = (request: FastifyRequest) => request.query as Query;

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      const name = { 404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Unavailable' }[error.status];
      void reply.status(error.status).send({ error: name ?? 'Bad Request', message: error.message });
      return;
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      void reply.status(status).send({ error: 'Bad Request', message: (error as Error).message });
      return;
    }
    if (json) request.log.error({ err: error }, `dashboard: ${(error as Error).message}`);
    else console.error(`dashboard: ${(error as Error).stack ?? String(error)}`);
    void reply.status(502).send({ error: 'Bad Gateway', message: (error as Error).message });
  });

  app.get('/api/meta', async (request) => {
    checkParams(query(request), []);
    return { mode: options.mode, now: options.now(), metrics: options.catalog.metrics };
  });

  app.get('/api/metrics/:id/live', async (request) => {
    const metric = metricOf(options, request);
    checkParams(query(request), []);
    return { metric: metric.id, rows: options.live.latest(metric.id) };
  });

  app.get('/api/metrics/:id/live/stream', async (request, reply) => {
    const metric = metricOf(options, request);
    checkParams(query(request), []);
    streamLive(options, metric, request, reply);
  });

  app.get('/api/metrics/:id/health', async (request) => {
    const metric = metricOf(options, request);
    checkParams(query(request), []);
    return { metric: metric.id, rows: unhealthy(metric, options.live.latest(metric.id)) };
  });

  app.get('/api/metrics/:id/options', async (request) => {
    const metric = metricOf(options, request);
    checkParams(query(request), []);
    return options.history.options(metric);
  });

  app.get('/api/metrics/:id/trends', async (request) => {
    const metric = metricOf(options, request);
    const view = parseView(metric, query(request), options.now());
    const started = performance.now();
    const keys =
      view.filters.keys.length > 0
        ? [...view.filters.keys]
        : await options.history.topKeys(metric, view, TOP_KEYS);
    const points = await options.history.points(metric, view, keys);
    return {
      ...resolved(metric, view),
      keys,
      series: seriesByKey(points, keys),
      queryMs: Math.round(performance.now() - started),
    };
  });

  app.get('/api/metrics/:id/distribution', async (request) => {
    const metric = metricOf(options, request);
    const { bins: binsParam, ...rest } = query(request);
    const bins = parseBins({ bins: binsParam });
    const defaultMeasure = metric.measures.includes('engagement_score') ? 'engagement_score' : undefined;
    const view = parseView(metric, rest, options.now(), defaultMeasure);
    const points = await options.history.points(metric, view, null);
    return {
      ...resolved(metric, view),
      windows: points.length,
      bins: histogram(
        points.map((p) => p.value),
        bins,
      ),
      healthByTier: metric.health === null ? [] : healthByTier(points),
    };
  });

  const ops = options.ops ?? loadOpsCatalog();
  const prometheus = options.prometheus ?? null;
  app.get('/api/ops/dashboards', async (request) => opsDashboards(ops, prometheus, query(request)));
  app.get('/api/ops/variables', async (request) => opsVariables(ops, prometheus, query(request)));
  app.get('/api/ops/query', async (request) => opsQuery(ops, prometheus, query(request)));

  app.get('/api/*', async (request) => {
    throw new HttpError(404, `no such API route: ${request.url.split('?')[0]?.slice(0, 80)}`);
  });

  if (!fs.existsSync(path.join(options.webDir, 'index.html')))
    throw new Error(`the front end is not built: ${options.webDir}/index.html is missing`);
  await app.register(fastifyStatic, { root: options.webDir, index: 'index.html' });
  const page = async (_request: FastifyRequest, reply: FastifyReply) => reply.sendFile('index.html');
  for (const name of PAGES) app.get(`/${name}`, page);
  return app;
}
