// A page's request parameters (measure, time range, filters) parsed and validated against the metric's IR before
// any data source sees them: an unknown name or a value outside its pattern is a 400 that says which parameter.
import type { HealthLevel, MetricInfo } from './catalog';
import { HEALTH_LEVELS } from './catalog';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const RANGES: Readonly<Record<string, number>> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
};
const MAX_CUSTOM_SPAN_MS = 31 * 24 * 60 * 60_000;

/** Ids of meetings, organisations and plan tiers: what the simulator and the history tables hold, nothing more. */
const VALUE = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/;
const MAX_VALUES = 50;

export interface Filters {
  readonly keys: readonly string[];
  readonly orgs: readonly string[];
  readonly tiers: readonly string[];
  readonly health: readonly HealthLevel[];
}

export interface View {
  readonly measure: string;
  readonly range: string;
  /** Window starts in [from, to), epoch millis. */
  readonly from: number;
  readonly to: number;
  readonly filters: Filters;
}

/** How a metric's key reaches an organisation: it is one, it belongs to one (meeting_history), or neither. */
export type OrgLink = 'org' | 'meeting' | null;

export function orgLink(metric: MetricInfo): OrgLink {
  if (metric.key === 'org_id') return 'org';
  if (metric.key === 'meeting_id') return 'meeting';
  return null;
}

export type Query = Readonly<Record<string, unknown>>;

const VIEW_PARAMS = ['measure', 'range', 'from', 'to', 'keys', 'org', 'tier', 'health', 'bins'];

function text(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `parameter '${name}' is given more than once`);
  return value;
}

function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

function list(query: Query, name: string): string[] {
  const value = text(query, name);
  if (value === undefined || value === '') return [];
  const values = value.split(',');
  if (values.length > MAX_VALUES)
    throw new HttpError(400, `parameter '${name}': at most ${MAX_VALUES} values`);
  for (const v of values) {
    // `--` would start a comment if a value ever reached SQL text; ids never hold it.
    if (!VALUE.test(v) || v.includes('--'))
      throw new HttpError(
        400,
        `parameter '${name}': ${shown(v)} is not an id (letters, digits and _ . : @ - only, at most 128)`,
      );
  }
  return values;
}

function time(query: Query, name: string): number {
  const value = text(query, name);
  if (value === undefined)
    throw new HttpError(400, `range=custom needs '${name}' (ISO-8601 time or epoch millis)`);
  const millis = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(millis) || !/^[0-9T:.+\-Z ]+$/.test(value))
    throw new HttpError(400, `parameter '${name}': ${shown(value)} is not an ISO-8601 time or epoch millis`);
  return millis;
}

function range(query: Query, now: number): { range: string; from: number; to: number } {
  const name = text(query, 'range') ?? '1h';
  if (name === 'custom') {
    const from = time(query, 'from');
    const to = time(query, 'to');
    if (from >= to) throw new HttpError(400, `time range: 'from' must be before 'to'`);
    if (to - from > MAX_CUSTOM_SPAN_MS) throw new HttpError(400, `time range: at most 31 days`);
    return { range: name, from, to };
  }
  const span = RANGES[name];
  if (span === undefined)
    throw new HttpError(
      400,
      `parameter 'range': ${shown(name)} is not one of ${[...Object.keys(RANGES), 'custom'].join(', ')}`,
    );
  if (query.from !== undefined || query.to !== undefined)
    throw new HttpError(400, `'from' and 'to' go with range=custom only`);
  return { range: name, from: now - span, to: now + 1 };
}

export function checkParams(query: Query, allowed: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name))
      throw new HttpError(400, `unknown parameter ${shown(name)} (expected one of ${allowed.join(', ')})`);
  }
}

export function parseView(metric: MetricInfo, query: Query, now: number, defaultMeasure?: string): View {
  checkParams(query, VIEW_PARAMS);
  const measure = text(query, 'measure') ?? defaultMeasure ?? metric.measures[0] ?? '';
  if (!metric.measures.includes(measure))
    throw new HttpError(
      400,
      `parameter 'measure': ${shown(measure)} is not a numeric column of ${metric.id} (${metric.measures.join(', ')})`,
    );
  const link = orgLink(metric);
  const orgs = list(query, 'org');
  const tiers = list(query, 'tier');
  if ((orgs.length > 0 || tiers.length > 0) && link === null)
    throw new HttpError(
      400,
      `filters 'org' and 'tier' need a metric keyed by meeting_id or org_id; ${metric.id} is keyed by ${metric.key}`,
    );
  const health = list(query, 'health');
  if (health.length > 0 && metric.health === null)
    throw new HttpError(400, `filter 'health': ${metric.id} has no health column`);
  for (const h of health) {
    if (!(HEALTH_LEVELS as readonly string[]).includes(h))
      throw new HttpError(400, `parameter 'health': ${shown(h)} is not one of ${HEALTH_LEVELS.join(', ')}`);
  }
  return {
    measure,
    ...range(query, now),
    filters: { keys: list(query, 'keys'), orgs, tiers, health: health as HealthLevel[] },
  };
}

export function parseBins(query: Query): number {
  const value = text(query, 'bins') ?? '20';
  const bins = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(bins >= 1 && bins <= 200))
    throw new HttpError(400, `parameter 'bins': ${shown(value)} is not 1..200`);
  return bins;
}
