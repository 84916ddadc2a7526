// What the dashboard knows about each metric, read from the compiler's output (the IR in generated-java/ir, or a
// job file compiled on the spot), so a new metric gets its pages without dashboard code.
import fs from 'node:fs';
import path from 'node:path';
import type { Column, Job as JobIr, Metric as MetricIr } from '../../codegen/src/ir';
import { windowEveryMs, windowLengthMs } from '../../codegen/src/window';

export const IR_DIR = path.resolve(__dirname, '../../generated-java/ir');

/** The health levels a health column may hold, best first; the page colours follow this order. */
export const HEALTH_LEVELS = ['healthy', 'degraded', 'critical'] as const;
export type HealthLevel = (typeof HEALTH_LEVELS)[number];

export interface MetricInfo {
  readonly id: string;
  readonly job: string;
  readonly description: string;
  readonly key: string;
  readonly windowMs: number;
  readonly slideMs: number | null;
  readonly columns: readonly Column[];
  /** Numeric columns other than the window bounds: what Trends and Distributions can plot. */
  readonly measures: readonly string[];
  /** A varchar column whose values are the health levels (its derived function returns them), or null. */
  readonly health: string | null;
  /** Measures the health page shows beside the level: latency and packet loss, by name. */
  readonly healthMeasures: readonly string[];
  readonly liveTopic: string | null;
  readonly lakeTable: { readonly schema: string; readonly table: string } | null;
}

/** Every string a function's return statements can produce, as literals. */
function returnedStrings(node: unknown, out: Set<string>, inReturn = false): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) returnedStrings(item, out, inReturn);
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (inReturn && record.kind === 'literal' && typeof record.value === 'string') out.add(record.value);
    const returning = inReturn || record.kind === 'return';
    for (const [field, value] of Object.entries(record)) {
      if (field !== 'type') returnedStrings(value, out, returning);
    }
  }
  return out;
}

function healthColumn(metric: MetricIr): string | null {
  for (const derived of metric.derived) {
    if (derived.column !== 'varchar') continue;
    const values = returnedStrings(derived.fn.body, new Set());
    if (HEALTH_LEVELS.every((level) => values.has(level))) return derived.name;
  }
  return null;
}

export function metricInfo(job: JobIr, metric: MetricIr & { readonly key: string }): MetricInfo {
  const numeric = metric.columns.filter((c) => c.type === 'bigint' || c.type === 'double').map((c) => c.name);
  const live = metric.sinks.find((s) => s.kind === 'live-topic');
  const lake = metric.sinks.find((s) => s.kind === 'lake-table');
  return {
    id: metric.id,
    job: job.id,
    description: metric.description,
    key: metric.key,
    // A session's length varies: its gap stands for it.
    windowMs: metric.window.kind === 'session' ? metric.window.gapMs : windowLengthMs(metric.window),
    slideMs:
      metric.window.kind === 'tumbling' || metric.window.kind === 'session'
        ? null
        : windowEveryMs(metric.window),
    columns: metric.columns,
    measures: numeric,
    health: healthColumn(metric),
    healthMeasures: numeric.filter((name) => /latency|loss/.test(name)),
    liveTopic: live?.kind === 'live-topic' ? live.topic : null,
    lakeTable: lake?.kind === 'lake-table' ? { schema: lake.schema, table: lake.table } : null,
  };
}

export class Catalog {
  private readonly byId = new Map<string, MetricInfo>();

  constructor(jobs: readonly JobIr[]) {
    for (const job of jobs) {
      for (const metric of job.metrics) {
        if (this.byId.has(metric.id)) throw new Error(`metric ${metric.id} is defined by two jobs`);
        // Pages group, filter and query by one key column; a composite-key metric has no page yet.
        if (typeof metric.key !== 'string') continue;
        this.byId.set(metric.id, metricInfo(job, { ...metric, key: metric.key }));
      }
    }
  }

  get metrics(): MetricInfo[] {
    return [...this.byId.values()];
  }

  get(id: string): MetricInfo | undefined {
    return this.byId.get(id);
  }
}

/** The IR of every job the compiler has generated (generated-java/ir/*.ir.json). */
export function readGeneratedIr(dir = IR_DIR): JobIr[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ir.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as JobIr);
}
