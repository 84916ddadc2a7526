// The Ops page's API: the dashboards, a variable's choices and a panel's series, read from Prometheus. Only
// validated names and values (ops-queries.ts) reach it; its failures are a 502 that says why.
import type { ConcreteQuery, OpsCatalog, OpsDashboard } from './ops-queries';
import { MAX_RANGE_MS, VARIABLE_VALUE, one, parseOpsQuery, seriesName, time } from './ops-queries';
import type { PrometheusApi } from './prometheus';
import { PrometheusError } from './prometheus';
import type { Query } from './view';
import { HttpError, checkParams } from './view';

export interface OpsSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** [epoch millis, value]; NaN and ±Inf as null (a gap) */
  readonly points: readonly [number, number | null][];
}

export interface OpsTargetResult {
  readonly refId: string;
  readonly expr: string;
  readonly series: readonly OpsSeries[];
}

export interface OpsQueryAnswer {
  readonly uid: string;
  readonly panel: number;
  readonly from: number;
  readonly to: number;
  readonly step: number;
  readonly targets: readonly OpsTargetResult[];
}

export interface OpsDashboardsAnswer {
  /** the Prometheus asked, or null when none is configured */
  readonly prometheus: string | null;
  readonly dashboards: readonly OpsDashboard[];
}

function configured(prometheus: PrometheusApi | null): PrometheusApi {
  if (prometheus === null)
    throw new HttpError(
      503,
      'no Prometheus configured: start the dashboard with --prometheus URL or set COLLAB_PROMETHEUS_URL',
    );
  return prometheus;
}

async function asked<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PrometheusError) throw new HttpError(502, error.message);
    throw error;
  }
}

export function opsDashboards(
  catalog: OpsCatalog,
  prometheus: PrometheusApi | null,
  query: Query,
): OpsDashboardsAnswer {
  checkParams(query, []);
  return { prometheus: prometheus?.url ?? null, dashboards: catalog.dashboards };
}

/** Each variable's choices over the range: the label's values on the series its `label_values` names. */
export async function opsVariables(
  catalog: OpsCatalog,
  prometheus: PrometheusApi | null,
  query: Query,
): Promise<{ uid: string; variables: Record<string, string[]> }> {
  checkParams(query, ['uid', 'from', 'to']);
  const dashboard = catalog.dashboard(one(query, 'uid') ?? '');
  const from = time(query, 'from');
  const to = time(query, 'to');
  if (from >= to || to - from > MAX_RANGE_MS)
    throw new HttpError(400, `time range: 'from' before 'to', at most 7 days`);
  const client = dashboard.variables.length > 0 ? configured(prometheus) : null;
  const variables: Record<string, string[]> = {};
  for (const v of dashboard.variables) {
    const values = await asked(() => (client as PrometheusApi).labelValues(v.labelName, v.match, from, to));
    // Only values the query route would accept back.
    variables[v.name] = values.filter((x) => VARIABLE_VALUE.test(x)).sort();
  }
  return { uid: dashboard.uid, variables };
}

const toPoint = ([t, v]: readonly [number, string]): [number, number | null] => {
  const value = Number(v);
  return [Math.round(t * 1000), Number.isFinite(value) ? value : null];
};

async function run(
  prometheus: PrometheusApi,
  q: ConcreteQuery,
  from: number,
  to: number,
  step: number,
): Promise<OpsTargetResult> {
  const samples = await asked(() => prometheus.queryRange(q.expr, from, to, step));
  return {
    refId: q.refId,
    expr: q.expr,
    series: samples.map((s) => ({
      name: seriesName(q.legendFormat, s.metric),
      labels: s.metric,
      points: s.values.map(toPoint),
    })),
  };
}

export async function opsQuery(
  catalog: OpsCatalog,
  prometheus: PrometheusApi | null,
  query: Query,
): Promise<OpsQueryAnswer> {
  const request = parseOpsQuery(catalog, query);
  const client = configured(prometheus);
  const targets = await Promise.all(
    request.queries.map((q) => run(client, q, request.from, request.to, request.stepS)),
  );
  return {
    uid: request.dashboard.uid,
    panel: request.panel.id,
    from: request.from,
    to: request.to,
    step: request.stepS,
    targets,
  };
}
