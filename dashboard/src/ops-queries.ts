// The Ops page's dashboards: the generated Grafana dashboards (ops/src/outputs.ts) described for the browser, and a
// browser request (dashboard uid, panel id, range, step, variable values — never PromQL) turned into the concrete
// PromQL of that panel's targets, with Grafana's template variables substituted as Grafana would.
import type { Dashboard, QueryPanel, QueryVariable, Unit } from '../../ops/src/grafana';
import { dashboards } from '../../ops/src/outputs';
import type { Query } from './view';
import { HttpError } from './view';

/** Grafana's default scrape interval for a Prometheus datasource, which `$__rate_interval` is derived from. */
export const SCRAPE_INTERVAL_S = 15;
export const MAX_RANGE_MS = 7 * 24 * 60 * 60_000;
export const MAX_POINTS = 11_000;
/** Values a variable may take: Flink job names as Prometheus label values, nothing that could end a string. */
export const VARIABLE_VALUE = /^[A-Za-z0-9_.:-]+$/;
const MAX_VALUES = 50;
/** Grafana's marker for "All" in a URL (`var-job=$__all`). */
export const ALL = '$__all';

export interface OpsTarget {
  readonly refId: string;
  readonly legendFormat: string;
}

export interface OpsPanel {
  readonly id: number;
  readonly type: 'timeseries' | 'stat' | 'text';
  readonly title: string;
  readonly description: string;
  /** the section (Grafana row) it sits under */
  readonly section: string;
  /** Grafana's grid: 24 columns */
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly unit: Unit | null;
  readonly targets: readonly OpsTarget[];
  /** markdown of a text panel */
  readonly content?: string;
}

export interface OpsVariable {
  readonly name: string;
  readonly label: string;
  readonly multi: boolean;
  readonly allValue: string;
  /** from `label_values(metric, label)`: the series whose label values the choices are */
  readonly match: string;
  readonly labelName: string;
}

export interface OpsDashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly variables: readonly OpsVariable[];
  readonly panels: readonly OpsPanel[];
}

export interface ConcreteQuery {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat: string;
}

export interface OpsRequest {
  readonly dashboard: OpsDashboard;
  readonly panel: OpsPanel;
  /** epoch millis */
  readonly from: number;
  readonly to: number;
  readonly stepS: number;
  /** the value of each variable as chosen; [] = All */
  readonly variables: Readonly<Record<string, readonly string[]>>;
  readonly queries: readonly ConcreteQuery[];
}

const LABEL_VALUES = /^label_values\(\s*([^,]+?)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/;

function variableOf(v: QueryVariable): OpsVariable {
  const match = LABEL_VALUES.exec(v.definition);
  if (!match)
    throw new Error(`variable ${v.name}: only label_values(metric, label) is supported, not ${v.definition}`);
  return {
    name: v.name,
    label: v.label,
    multi: v.multi,
    allValue: v.allValue,
    match: match[1] as string,
    labelName: match[2] as string,
  };
}

/** What the browser needs of one Grafana dashboard (and the server, of its targets' PromQL). */
export class OpsCatalog {
  readonly dashboards: readonly OpsDashboard[];
  private readonly exprs = new Map<string, Map<number, readonly string[]>>();

  constructor(source: readonly Dashboard[]) {
    this.dashboards = source.map((d) => {
      const exprs = new Map<number, readonly string[]>();
      this.exprs.set(d.uid, exprs);
      let section = '';
      const panels: OpsPanel[] = [];
      for (const p of d.panels) {
        if (p.type === 'row') {
          section = p.title;
          continue;
        }
        const base = { id: p.id, title: p.title, description: p.description, section, gridPos: p.gridPos };
        if (p.type === 'text') {
          panels.push({ ...base, type: 'text', unit: null, targets: [], content: p.options.content });
          continue;
        }
        const q = p as QueryPanel;
        exprs.set(
          q.id,
          q.targets.map((t) => t.expr),
        );
        panels.push({
          ...base,
          type: q.type,
          unit: q.fieldConfig.defaults.unit,
          targets: q.targets.map((t) => ({ refId: t.refId, legendFormat: t.legendFormat })),
        });
      }
      return {
        uid: d.uid,
        title: d.title,
        description: d.description,
        variables: d.templating.list.flatMap((v) => (v.type === 'query' ? [variableOf(v)] : [])),
        panels,
      };
    });
  }

  dashboard(uid: string): OpsDashboard {
    const found = this.dashboards.find((d) => d.uid === uid);
    if (!found)
      throw new HttpError(
        404,
        `unknown dashboard ${shown(uid)} (known: ${this.dashboards.map((d) => d.uid).join(', ')})`,
      );
    return found;
  }

  /** The PromQL of a query panel's targets, as the dashboard has them (with `$variables`). */
  exprsOf(uid: string, panel: number): readonly string[] {
    return this.exprs.get(uid)?.get(panel) ?? [];
  }
}

/** The dashboards ops/ generates from the compiler's output: what `npm run ops:gen` writes to ops/grafana. */
export function loadOpsCatalog(): OpsCatalog {
  return new OpsCatalog(dashboards().map((b) => b.dashboard));
}

function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

export function one(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `parameter '${name}' is given more than once`);
  return value;
}

function required(query: Query, name: string, what: string): string {
  const value = one(query, name);
  if (value === undefined || value === '')
    throw new HttpError(400, `parameter '${name}' is missing (${what})`);
  return value;
}

export function time(query: Query, name: string): number {
  const value = required(query, name, 'ISO-8601 time or epoch millis');
  const millis = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(millis) || !/^[0-9T:.+\-Z]+$/.test(value))
    throw new HttpError(400, `parameter '${name}': ${shown(value)} is not an ISO-8601 time or epoch millis`);
  return millis;
}

const UNIT_S: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

function step(query: Query): number {
  const value = required(query, 'step', 'seconds, e.g. 15 or 15s');
  const match = /^(\d{1,7})([smh]?)$/.exec(value);
  if (!match)
    throw new HttpError(400, `parameter 'step': ${shown(value)} is not whole seconds (15, 15s, 1m)`);
  const seconds = Number(match[1]) * (UNIT_S[match[2] || 's'] as number);
  if (seconds < 1) throw new HttpError(400, `parameter 'step': at least 1s`);
  return seconds;
}

function variableValues(query: Query, v: OpsVariable): string[] {
  const raw = query[`var-${v.name}`];
  if (raw === undefined) return [];
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  if (values.length > MAX_VALUES)
    throw new HttpError(400, `parameter 'var-${v.name}': at most ${MAX_VALUES} values`);
  if (values.length > 1 && !v.multi) throw new HttpError(400, `parameter 'var-${v.name}': one value only`);
  if (values.includes(ALL) || values.every((x) => x === '')) return [];
  for (const value of values) {
    if (!VARIABLE_VALUE.test(value) || value.length > 200)
      throw new HttpError(
        400,
        `parameter 'var-${v.name}': ${shown(value)} is not a label value (letters, digits and _ . : - only)`,
      );
  }
  return values;
}

/** A value as a regex matching it literally, escaped as Grafana does inside a PromQL string (`\\.`). */
const regexLiteral = (value: string) => value.replace(/[$^*+?.()|\\[\]{}]/g, (c) => `\\\\${c}`);

/** Grafana's rendering of a multi-value / include-All variable inside `=~"…"`: the allValue, `a` or `(a|b)`. */
export function variableText(v: OpsVariable, values: readonly string[]): string {
  if (values.length === 0) return v.allValue;
  if (values.length === 1) return regexLiteral(values[0] as string);
  return `(${values.map(regexLiteral).join('|')})`;
}

/** Grafana's interval variables for a range query of this step over this range. */
export function builtins(fromMs: number, toMs: number, stepS: number): Record<string, string> {
  const rangeS = Math.max(1, Math.round((toMs - fromMs) / 1000));
  return {
    __interval: `${stepS}s`,
    __interval_ms: String(stepS * 1000),
    // Grafana: max(interval + scrape interval, 4 × scrape interval), so a rate always spans ≥ 2 samples.
    __rate_interval: `${Math.max(stepS + SCRAPE_INTERVAL_S, 4 * SCRAPE_INTERVAL_S)}s`,
    __range: `${rangeS}s`,
    __range_s: String(rangeS),
    __range_ms: String(rangeS * 1000),
  };
}

/**
 * Replaces `$name`, `${name}` and `${name:format}` with their values. A reference to anything else is left
 * as is, so a test can find it; the dashboards are ours, so that is a bug in ops/, not the browser's input.
 */
export function substitute(expr: string, values: Readonly<Record<string, string>>): string {
  return expr.replace(/\$(?:\{(\w+)(?::\w+)?\}|(\w+))/g, (whole, braced?: string, bare?: string) => {
    const value = values[(braced ?? bare) as string];
    return value ?? whole;
  });
}

const PARAMS = ['uid', 'panel', 'from', 'to', 'step'];

/** Parses and validates a browser's panel request; nothing of it reaches Prometheus but the values checked here. */
export function parseOpsQuery(catalog: OpsCatalog, query: Query): OpsRequest {
  const dashboard = catalog.dashboard(required(query, 'uid', 'a dashboard uid'));
  const allowed = [...PARAMS, ...dashboard.variables.map((v) => `var-${v.name}`)];
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name))
      throw new HttpError(400, `unknown parameter ${shown(name)} (expected one of ${allowed.join(', ')})`);
  }
  const panelText = required(query, 'panel', 'a panel id');
  const panelId = /^\d{1,6}$/.test(panelText) ? Number(panelText) : NaN;
  const panel = dashboard.panels.find((p) => p.id === panelId && p.type !== 'text');
  if (!panel) throw new HttpError(404, `dashboard ${dashboard.uid} has no query panel ${shown(panelText)}`);
  const from = time(query, 'from');
  const to = time(query, 'to');
  if (from >= to) throw new HttpError(400, `time range: 'from' must be before 'to'`);
  if (to - from > MAX_RANGE_MS) throw new HttpError(400, `time range: at most 7 days`);
  const stepS = step(query);
  const points = Math.floor((to - from) / 1000 / stepS) + 1;
  if (points > MAX_POINTS)
    throw new HttpError(
      400,
      `parameter 'step': ${stepS}s over this range is ${points} points, at most ${MAX_POINTS} (a longer step)`,
    );
  const variables: Record<string, string[]> = {};
  const values: Record<string, string> = builtins(from, to, stepS);
  for (const v of dashboard.variables) {
    variables[v.name] = variableValues(query, v);
    values[v.name] = variableText(v, variables[v.name] as string[]);
  }
  const exprs = catalog.exprsOf(dashboard.uid, panel.id);
  return {
    dashboard,
    panel,
    from,
    to,
    stepS,
    variables,
    queries: panel.targets.map((t, i) => ({
      refId: t.refId,
      legendFormat: t.legendFormat,
      expr: substitute(exprs[i] as string, values),
    })),
  };
}

/** A series' name as Grafana's legend shows it: `{{label}}` replaced by the label's value, else the selector. */
export function seriesName(legendFormat: string, labels: Readonly<Record<string, string>>): string {
  if (legendFormat !== '' && legendFormat !== '__auto')
    return legendFormat.replace(
      /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g,
      (_, name: string) => labels[name] ?? '',
    );
  const { __name__: name, ...rest } = labels;
  const inner = Object.entries(rest)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return `${name ?? ''}{${inner}}`;
}
