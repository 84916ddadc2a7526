// The history source over the lake: the metric's table joined with lake.history (meeting → organisation → plan
// tier), every filter a bound parameter (sql.ts).
import type { TrinoClient } from '../../query/src/trino';
import type { MetricInfo } from './catalog';
import type { FilterOptions, HistorySource, Point } from './history';
import { Statement, ident, timestamp, varchar } from './sql';
import type { View } from './view';
import { HttpError, orgLink } from './view';

/** Trino's timestamp(3) text, a UTC wall-clock time, as epoch millis. */
export function trinoMillis(value: unknown): number {
  return Date.parse(`${String(value).replace(' ', 'T')}Z`);
}

const utcDay = (millis: number) => new Date(millis).toISOString().slice(0, 10);

/** How stale a table's partition list may be: the jobs start a new `date=` directory at midnight UTC. */
const PARTITION_SYNC_MS = 30_000;

export class TrinoHistory implements HistorySource {
  private readonly synced = new Map<string, number>();

  constructor(private readonly trino: TrinoClient) {}

  private table(metric: MetricInfo): string {
    if (!metric.lakeTable) throw new HttpError(404, `metric ${metric.id} has no lake table`);
    return `lake.${ident(metric.lakeTable.schema)}.${ident(metric.lakeTable.table)}`;
  }

  /** Registers the lake's new `date=` directories of the metric's table (at most every PARTITION_SYNC_MS). */
  private async sync(metric: MetricInfo): Promise<void> {
    const table = this.table(metric);
    const last = this.synced.get(table) ?? 0;
    if (Date.now() - last < PARTITION_SYNC_MS) return;
    const { schema, table: name } = metric.lakeTable!;
    // Both names passed the identifier check in table(): plain lower-case words, safe inside quotes.
    await this.trino.query(`CALL lake.system.sync_partition_metadata('${schema}', '${name}', 'FULL')`);
    this.synced.set(table, Date.now());
  }

  /** FROM … JOIN … WHERE …: the rows of the view (without a key selection). */
  private from(st: Statement, metric: MetricInfo, view: View): void {
    const link = orgLink(metric);
    const key = `m.${ident(metric.key)}`;
    st.sql(` FROM ${this.table(metric)} AS m`);
    if (link === 'meeting')
      st.sql(' LEFT JOIN lake.history.meeting_history AS hm ON hm.meeting_id = m.meeting_id');
    if (link !== null) {
      const org = link === 'meeting' ? 'hm.org_id' : key;
      st.sql(` LEFT JOIN lake.history.organization_plans AS p ON p.org_id = ${org}`);
    }
    // The date partition first, so Trino reads only the days of the range.
    st.sql(` WHERE m."date" >= ${st.param(varchar(utcDay(view.from)))}`);
    st.sql(` AND m."date" <= ${st.param(varchar(utcDay(view.to)))}`);
    st.sql(` AND m."window_start" >= ${st.param(timestamp(view.from))}`);
    st.sql(` AND m."window_start" < ${st.param(timestamp(view.to))}`);
    const { keys, orgs, tiers, health } = view.filters;
    if (keys.length > 0) st.sql(` AND ${key} IN ${st.list(keys.map(varchar))}`);
    if (orgs.length > 0)
      st.sql(` AND ${link === 'meeting' ? 'hm.org_id' : key} IN ${st.list(orgs.map(varchar))}`);
    if (tiers.length > 0) st.sql(` AND p.plan_tier IN ${st.list(tiers.map(varchar))}`);
    if (health.length > 0 && metric.health !== null)
      st.sql(` AND m.${ident(metric.health)} IN ${st.list(health.map(varchar))}`);
  }

  async topKeys(metric: MetricInfo, view: View, limit: number): Promise<string[]> {
    await this.sync(metric);
    const st = new Statement().sql(`SELECT m.${ident(metric.key)} AS k, count(*) AS n`);
    this.from(st, metric, view);
    st.sql(` GROUP BY m.${ident(metric.key)} ORDER BY n DESC, k LIMIT ${Math.trunc(limit)}`);
    const result = await this.trino.query(st.render());
    return result.rows.map((r) => String(r[0]));
  }

  async points(metric: MetricInfo, view: View, keys: readonly string[] | null): Promise<Point[]> {
    await this.sync(metric);
    const health = metric.health === null ? 'NULL' : `m.${ident(metric.health)}`;
    const tier = orgLink(metric) === null ? 'NULL' : 'p.plan_tier';
    const st = new Statement().sql(
      `SELECT m.${ident(metric.key)}, m."window_start", m.${ident(view.measure)}, ${health}, ${tier}`,
    );
    this.from(st, metric, view);
    if (keys !== null) {
      if (keys.length === 0) return [];
      st.sql(` AND m.${ident(metric.key)} IN ${st.list(keys.map(varchar))}`);
    }
    st.sql(` ORDER BY m."window_start", m.${ident(metric.key)}`);
    const result = await this.trino.query(st.render());
    return result.rows.map((r) => ({
      key: String(r[0]),
      windowStart: trinoMillis(r[1]),
      value: typeof r[2] === 'number' ? r[2] : null,
      health: typeof r[3] === 'string' ? r[3] : null,
      tier: typeof r[4] === 'string' ? r[4] : null,
    }));
  }

  async options(metric: MetricInfo): Promise<FilterOptions> {
    const link = orgLink(metric);
    const keyed = await this.trino.query(
      `SELECT DISTINCT ${ident(metric.key)} FROM ${this.table(metric)} ORDER BY 1 LIMIT 5000`,
    );
    const orgs =
      link === null
        ? { rows: [] }
        : await this.trino.query('SELECT org_id, plan_tier FROM lake.history.organization_plans');
    const column = (rows: readonly (readonly unknown[])[], i: number) =>
      [...new Set(rows.map((r) => String(r[i])))].sort();
    return {
      keys: column(keyed.rows, 0),
      orgs: column(orgs.rows, 0),
      tiers: column(orgs.rows, 1),
    };
  }
}
