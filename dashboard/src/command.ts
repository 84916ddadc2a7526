// `collab-stream dashboard`: serves the pages for every metric, from the stack (Kafka live topics + Trino) or,
// with --events, from the reference evaluator over a file (no JVM, no Kafka, no Trino).
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Job } from '../../dsl';
import { readJsonl } from '../../evaluator';
import { JOBS } from '../../jobs';
import { parseCommandArgs, UsageError } from '../../cli/src/args';
import { resolveJob } from '../../cli/src/jobs';
import type { Job as JobIr } from '../../codegen/src/ir';
import { Catalog, readGeneratedIr } from './catalog';
import { compileJobFiles } from './compile-job';
import { evaluateEvents } from './events-mode';
import type { LiveReader } from './kafka-live';
import { LiveStore } from './live-store';
import { MemoryHistory } from './memory-history';
import { PrometheusClient, prometheusUrl } from './prometheus';
import { buildServer } from './server';
import { ensureWebBuild } from './web-build';
import type * as StackMode from './stack-mode';
import type { LogFormat, Logger } from '../../cli/src/log';

export const DASHBOARD_HELP = `Usage: collab-stream dashboard [--port 8501] [--host 127.0.0.1] [--events FILE.jsonl] [--job <id|file>]… [--prometheus URL]

Serves the metrics dashboard: Live, Trends, Distributions and Meeting health pages for every metric, and the Ops
page (the generated Grafana dashboards, drawn from Prometheus).

  --port <n>        port to listen on (default 8501; 0 picks a free one)
  --host <addr>     address to bind (default 127.0.0.1)
  --events <file>   no-stack mode: run the reference evaluator over the file (preview's JSON-lines format, plus
                    optional lake.history.organization_plans / lake.history.meeting_history records) and serve
                    its rows; relative time ranges end at the last window
  --job <id|file>   a job to serve (repeatable; default: every job in jobs/); a file is compiled on the spot
  --prometheus URL  the Prometheus the Ops page reads (default $COLLAB_PROMETHEUS_URL, else the local stack's)
  -h, --help        this help`;

export interface DashboardIo {
  out(text: string): void;
  err(text: string): void;
  readonly log?: Logger;
}

export interface RunningDashboard {
  readonly app: FastifyInstance;
  /** The live rows it serves (tests and the benchmark push rows here in the no-stack mode). */
  readonly live: LiveStore;
  readonly url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly port: number;
  readonly host: string;
  readonly events?: string;
  readonly jobs: readonly string[];
  /** The Prometheus of the Ops page; default: $COLLAB_PROMETHEUS_URL, else the local stack's. */
  readonly prometheus?: string;
  readonly log?: (line: string) => void;
  /** json: the server logs each request as ECS JSON on stderr. */
  readonly logFormat?: LogFormat;
}

/** Each job as the DSL object (to evaluate) and its IR (to describe): generated IR by id, else compiled. */
function loadJobs(references: readonly string[]): { dsl: Job[]; ir: JobIr[] } {
  const generated = new Map(readGeneratedIr().map((j) => [j.id, j]));
  const refs = references.length > 0 ? references : [...JOBS.keys()];
  const dsl = refs.map(resolveJob);
  const files = refs.filter((r) => !generated.has(r));
  const compiled = new Map(compileJobFiles(files).map((j, i) => [files[i] as string, j]));
  return { dsl, ir: refs.map((r) => generated.get(r) ?? (compiled.get(r) as JobIr)) };
}

function readEvents(file: string) {
  try {
    return readJsonl(fs.readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UsageError(`events file not found: ${file}`);
    throw error;
  }
}

export async function startDashboard(options: StartOptions): Promise<RunningDashboard> {
  const log = options.log ?? (() => {});
  const jobs = loadJobs(options.jobs);
  const catalog = new Catalog(jobs.ir);
  const live = new LiveStore(catalog.metrics);
  const webDir = ensureWebBuild(log);
  const prometheus = new PrometheusClient(prometheusUrl(options.prometheus));
  let reader: LiveReader | null = null;
  let app: FastifyInstance;
  if (options.events !== undefined) {
    const data = evaluateEvents(jobs.dsl, readEvents(options.events), Date.now());
    for (const [metric, rows] of data.rows) live.upsert(metric, rows, 'committed');
    const history = new MemoryHistory(data.rows, data.dimensions);
    app = await buildServer({
      mode: 'events',
      catalog,
      live,
      history,
      now: () => data.end,
      webDir,
      prometheus,
      logFormat: options.logFormat,
    });
  } else {
    // The stack's clients are loaded only here, so the no-stack mode never needs them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stack = (require('./stack-mode') as typeof StackMode).stackSources(catalog, live, log);
    reader = stack.reader;
    app = await buildServer({
      mode: 'stack',
      catalog,
      live,
      history: await stack.history,
      now: Date.now,
      webDir,
      prometheus,
      logFormat: options.logFormat,
    });
  }
  const address = await app.listen({ port: options.port, host: options.host });
  return {
    app,
    live,
    url: address.replace('[::1]', 'localhost'),
    async close() {
      await app.close();
      await reader?.stop();
    },
  };
}

export async function runDashboard(argv: readonly string[], io: DashboardIo): Promise<number> {
  const { values } = parseCommandArgs('dashboard', argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    events: { type: 'string' },
    job: { type: 'string', multiple: true },
    prometheus: { type: 'string' },
  });
  if (values.help) {
    io.out(DASHBOARD_HELP);
    return 0;
  }
  const port = Number(values.port ?? '8501');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`dashboard: --port '${values.port}' is not a port number`);
  if (values.prometheus !== undefined && !/^https?:\/\/[^\s/]+/.test(values.prometheus))
    throw new UsageError(`dashboard: --prometheus '${values.prometheus}' is not an http(s) URL`);
  const running = await startDashboard({
    port,
    host: values.host ?? '127.0.0.1',
    jobs: values.job ?? [],
    log: io.log ? (line) => io.log?.info(line) : io.err,
    logFormat: io.log?.format,
    ...(values.events !== undefined ? { events: values.events } : {}),
    ...(values.prometheus !== undefined ? { prometheus: values.prometheus } : {}),
  });
  // The URL line is the command's result on stdout (bench/src/dashboard.ts and scripts wait for it).
  io.out(
    `dashboard: ${running.url}/live (${values.events ? `events from ${values.events}` : 'live from the stack'})`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}
