// Issue #6 part 5: the analyst queries (query/sql/*.sql) over one simulated day in the lake (left there by the
// pipeline step's drained run), joined with that day's historical tables. Warm: every query runs twice first
// (Trino's plan and metadata caches, the JIT, S3 connections), then `rounds` interleaved rounds; wall clock from
// submitting the query to its last row, as an analyst's client sees it.
import path from 'node:path';
import { historyTables, writeHistory } from '../../query/src/history';
import { analystQueries } from '../../query/src/analyst-queries';
import { prepareMetricTables } from '../../query/src/lake-tables';
import { TrinoClient } from '../../query/src/trino';
import { simulationWorld } from '../../simulator/src/plan';
import { createContext } from '../../infra/src/context';
import { livePid } from '../../infra/src/process';
import { javaHomeAtLeast } from '../../infra/src/services/java';
import { TMP } from './paths';
import type { SimulatedDay } from './pipeline';
import type { ProfileSummary } from './profile';
import { recordJfr } from './profile';
import { log, median, percentile } from './util';

export interface QueryTiming {
  readonly name: string;
  readonly title: string;
  readonly rows: number;
  readonly runsMs: readonly number[];
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export interface QueriesResult {
  readonly day: { readonly start: string; readonly end: string };
  readonly tableRows: Record<string, number>;
  readonly warmups: number;
  readonly rounds: number;
  readonly queries: readonly QueryTiming[];
  /** Over every timed run of every query. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Where the timed runs' time went, by Trino's own statistics (medians over the runs). */
  readonly trinoStats?: TrinoStats;
}

/** Medians over the timed runs, in ms, from Trino's query info. */
export interface TrinoStats {
  readonly queries: number;
  readonly elapsedMs: number;
  readonly queuedMs: number;
  readonly analysisMs: number;
  readonly planningMs: number;
  readonly executionMs: number;
  readonly cpuMs: number;
  readonly inputReadMs: number;
  readonly splits: number;
}

/** Trino's durations ("1.21s", "483.06ms", "312.52us", "2.00m") in ms. */
export function durationMs(text: string | undefined): number {
  const m = /^([\d.]+)(ns|us|ms|s|m|h|d)$/.exec(text ?? '');
  if (!m) return Number.NaN;
  const unit = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

/** Trino's statistics of the queries `user` submitted since `since` whose text is one of `sqls`. */
async function trinoStats(trinoUrl: string, user: string, since: number, sqls: ReadonlySet<string>) {
  const headers = { 'X-Trino-User': user };
  type Info = {
    queryId: string;
    query: string;
    session: { user: string };
    queryStats: Record<string, unknown>;
  };
  const list = (await (await fetch(`${trinoUrl}/v1/query`, { headers })).json()) as Info[];
  const ours = list.filter(
    (q) =>
      q.session.user === user &&
      sqls.has(q.query.trim()) &&
      Date.parse(String(q.queryStats.createTime)) >= since,
  );
  const stats = await Promise.all(
    ours.map(
      async (q) =>
        ((await (await fetch(`${trinoUrl}/v1/query/${q.queryId}`, { headers })).json()) as Info).queryStats,
    ),
  );
  const med = (key: string) => median(stats.map((st) => durationMs(st[key] as string)));
  return {
    queries: stats.length,
    elapsedMs: med('elapsedTime'),
    queuedMs: med('queuedTime'),
    analysisMs: med('analysisTime'),
    planningMs: med('planningTime'),
    executionMs: med('executionTime'),
    cpuMs: med('totalCpuTime'),
    inputReadMs: med('physicalInputReadTime'),
    splits: median(stats.map((st) => Number(st.totalDrivers))),
  };
}

const WARMUPS = 2;
const USER = 'collab-bench';

export async function benchQueries(
  trinoUrl: string,
  day: SimulatedDay,
  rounds: number,
): Promise<QueriesResult> {
  const trino = new TrinoClient({
    server: trinoUrl,
    catalog: 'lake',
    schema: 'metrics',
    user: USER,
  });
  log(`queries: writing lake.history for the day's ${day.meetings.length} meetings`);
  await writeHistory(trino, historyTables(simulationWorld(day.simulation), day.meetings));
  const tables = await prepareMetricTables(trino, day.lakePath);
  const tableRows: Record<string, number> = {};
  for (const t of tables) {
    const out = await trino.query(`SELECT count(*) FROM lake."${t.schema}"."${t.table}"`);
    tableRows[`${t.schema}.${t.table}`] = Number(out.rows[0]?.[0]);
  }
  log(`queries: the lake holds ${JSON.stringify(tableRows)}`);
  const queries = analystQueries();
  const rows = new Map<string, number>();
  for (let i = 0; i < WARMUPS; i++)
    for (const q of queries) rows.set(q.name, (await trino.query(q.sql)).rows.length);
  const runs = new Map<string, number[]>(queries.map((q) => [q.name, []]));
  const timedSince = Date.now();
  for (let round = 1; round <= rounds; round++) {
    for (const q of queries) {
      const started = performance.now();
      await trino.query(q.sql);
      runs.get(q.name)!.push(performance.now() - started);
    }
  }
  const timings = queries.map((q): QueryTiming => {
    const ms = runs.get(q.name)!;
    return {
      name: q.name,
      title: q.title,
      rows: rows.get(q.name) ?? 0,
      runsMs: ms.map((m) => Math.round(m * 10) / 10),
      p50Ms: percentile(ms, 50),
      p95Ms: percentile(ms, 95),
    };
  });
  for (const t of timings)
    log(`queries: ${t.name}: p50 ${t.p50Ms.toFixed(0)} ms, p95 ${t.p95Ms.toFixed(0)} ms (${t.rows} rows)`);
  const all = [...runs.values()].flat();
  const stats = await trinoStats(trinoUrl, USER, timedSince, new Set(queries.map((q) => q.sql))).catch(
    (err: unknown) => {
      log(`queries: Trino's query statistics could not be read: ${String(err)}`);
      return undefined;
    },
  );
  if (stats) log(`queries: Trino's medians: ${JSON.stringify(stats)}`);
  return {
    day: {
      start: new Date(day.simulation.start).toISOString(),
      end: new Date(day.simulation.end).toISOString(),
    },
    tableRows,
    warmups: WARMUPS,
    rounds,
    queries: timings,
    p50Ms: percentile(all, 50),
    p95Ms: percentile(all, 95),
    ...(stats ? { trinoStats: stats } : {}),
  };
}

/** The analyst queries once more, `rounds` times each (not counted), with Trino recorded by JFR. */
export async function profileQueries(trinoUrl: string, rounds: number): Promise<ProfileSummary> {
  const pid = livePid(createContext(log).paths, 'trino');
  if (pid === undefined) throw new Error('no Trino to profile');
  const trino = new TrinoClient({ server: trinoUrl, catalog: 'lake', schema: 'metrics', user: USER });
  log(`queries: profiling Trino (pid ${pid}) with JFR over ${rounds} more rounds (not counted)`);
  return recordJfr(
    pid,
    path.join(TMP, 'queries-trino.jfr'),
    async () => {
      for (let round = 1; round <= rounds; round++)
        for (const q of analystQueries()) await trino.query(q.sql);
    },
    javaHomeAtLeast(24),
  );
}
