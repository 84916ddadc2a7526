// Issue #17's benchmark: a session-window metric and an exact percentile metric (bench/jobs/*.ts), compiled by our
// compiler at run time, against the same metrics in Flink SQL (a SESSION window TVF; PERCENTILE … FILTER in a
// TUMBLE window TVF), over the throughput part's input. Same method as that part: a fresh JVM per run, a
// MiniCluster, parallelism 1, RocksDB, interleaved rounds, medians, and every run's rows diffed with the first
// generated run of the same metric before its speed counts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileJob } from '../../difftest/test/compile-job';
import { entryClassOf } from '../../cli/src/deploy';
import type { Job } from '../../dsl';
import percentilesJob from '../jobs/percentiles';
import sessionsJob, { SESSION_GAP } from '../jobs/sessions';
import { parseDuration } from '../../dsl/duration';
import { ROOT, TMP } from './paths';
import type { ProfileSummary } from './profile';
import { summarizeJfr } from './profile';
import type { Diff, RunMeasurements } from './throughput';
import { benchClasspath, diffWithReference, java, readMeasurements } from './throughput';
import { log, median } from './util';

export const FEATURE_JOBS = ['sessions', 'percentiles'] as const;
export type FeatureJob = (typeof FEATURE_JOBS)[number];
export const FEATURE_CONTENDERS = ['generated', 'sql'] as const;
export type FeatureContender = (typeof FEATURE_CONTENDERS)[number];

const DSL: Record<FeatureJob, { readonly file: string; readonly job: Job }> = {
  sessions: { file: 'bench/jobs/sessions.ts', job: sessionsJob },
  percentiles: { file: 'bench/jobs/percentiles.ts', job: percentilesJob },
};

export const FEATURE_LABELS: Record<FeatureJob, string> = {
  sessions: `bench_meeting_sessions (session, gap ${SESSION_GAP})`,
  percentiles: 'bench_latency_percentiles_30s (tumbling 30 s, exact p50/p95/p99)',
};

/**
 * Columns Flink SQL cannot compute for these metrics: none (they were chosen so; what SQL cannot express in
 * general — presence, maxDuration, approxPercentile — is in bench/README.md, part 7).
 */
export const FEATURE_NOT_COMPARED: Record<FeatureContender, readonly string[]> = { generated: [], sql: [] };

export interface FeatureRun extends RunMeasurements {
  readonly round: number;
  readonly contender: FeatureContender;
  readonly job: FeatureJob;
  readonly loadAverage: number;
  readonly diff: Diff;
}

export interface FeatureSummary {
  readonly job: FeatureJob;
  readonly contender: FeatureContender;
  readonly runs: number;
  readonly allEqual: boolean;
  readonly medianEventsPerSecond: number;
  readonly medianCpuMicrosPerEvent: number;
  readonly medianProcessingMs: number;
}

/** What the reference rows say about the workload: do sessions form and close within the input? */
export interface FeatureRowStats {
  readonly rows: number;
  readonly keys: number;
  /** Sessions: ended at least the watermark delay before the input's last event (closed by the watermark). */
  readonly closedBeforeEnd?: number;
  readonly keysWithSeveralSessions?: number;
  readonly medianSessionMinutes?: number;
  readonly meanEventsPerRow?: number;
  /** Percentiles: windows with network_lag reports (the others have null percentiles). */
  readonly rowsWithValues?: number;
  readonly meanValuesPerRow?: number;
}

export interface FeaturesResult {
  readonly events: number;
  readonly runs: readonly FeatureRun[];
  readonly summary: readonly FeatureSummary[];
  readonly ratios: Record<string, Record<string, number>>;
  readonly stats: Partial<Record<FeatureJob, FeatureRowStats>>;
  readonly compileMs: number;
}

interface CompiledFeature {
  readonly classes: string;
  readonly className: string;
}

/**
 * Compiles bench/jobs/*.ts the way the differential tests compile theirs (difftest/test/compile-job.ts: the
 * project's compiler, then javac), against the bench classpath, into the scratch folder (never committed).
 */
export function compileFeatureJobs(): Record<FeatureJob, CompiledFeature> {
  const out = {} as Record<FeatureJob, CompiledFeature>;
  for (const job of FEATURE_JOBS) {
    const dir = path.join(TMP, 'feature-jobs', job);
    fs.rmSync(dir, { recursive: true, force: true });
    const { classes } = compileJob(DSL[job].file, dir, benchClasspath());
    out[job] = { classes, className: entryClassOf(DSL[job].job) };
  }
  return out;
}

async function runFeature(
  contender: FeatureContender,
  job: FeatureJob,
  compiled: CompiledFeature,
  input: string,
  events: number,
  tag: string,
  extraJvm: readonly string[] = [],
): Promise<{ result: RunMeasurements; rowsFile: string }> {
  const rowsFile = path.join(TMP, `rows-feature-${job}-${contender}-${tag}.jsonl`);
  const resultFile = path.join(TMP, `result-feature-${job}-${contender}-${tag}.json`);
  const args = [
    'io.collabstream.bench.FeatureMain',
    ...['--contender', contender, '--job', job, '--class', compiled.className],
    ...['--input', input, '--rows', rowsFile, '--result', resultFile],
    ...['--limit', String(events), '--parallelism', '1'],
    ...['--registry', path.join(ROOT, 'schemas/registry.json')],
  ];
  // Both contenders get the compiled classes on the classpath, so that they load the same classes.
  const run = await java(args, extraJvm, [compiled.classes]);
  if (run.code !== 0)
    throw new Error(
      `${contender} ${job} failed (exit ${run.code}):\n${(run.stdout + run.stderr).slice(-4000)}`,
    );
  return { result: readMeasurements(resultFile), rowsFile };
}

export async function benchFeatures(
  input: { file: string; events: number },
  rounds: number,
): Promise<FeaturesResult> {
  const compileStarted = Date.now();
  const compiled = compileFeatureJobs();
  const compileMs = Date.now() - compileStarted;
  log(`features: compiled ${FEATURE_JOBS.map((j) => DSL[j].file).join(', ')} in ${compileMs} ms`);
  const runs: FeatureRun[] = [];
  const reference = new Map<FeatureJob, string>();
  const stats: Partial<Record<FeatureJob, FeatureRowStats>> = {};
  for (let round = 1; round <= rounds; round++)
    for (const job of FEATURE_JOBS)
      for (const contender of FEATURE_CONTENDERS) {
        const loadAverage = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
        const { result, rowsFile } = await runFeature(
          contender,
          job,
          compiled[job],
          input.file,
          input.events,
          `r${round}`,
        );
        const { diff, isReference } = await diffWithReference(
          reference,
          job,
          rowsFile,
          result.rows,
          FEATURE_NOT_COMPARED[contender],
        );
        if (isReference) stats[job] = rowStats(job, rowsFile);
        runs.push({ round, contender, job, ...result, loadAverage, diff });
        log(
          `features: round ${round} ${job} ${contender}: ${Math.round(result.eventsPerSecond)} events/s, ` +
            `${result.cpuMicrosPerEvent.toFixed(1)} µs CPU/event, ${result.rows} rows, load ${loadAverage}, ` +
            (diff.equal ? 'rows equal' : `ROWS DIFFER: ${diff.differences.slice(0, 3).join('; ')}`),
        );
      }
  for (const file of reference.values()) fs.rmSync(file, { force: true });
  const summary = summarizeFeatures(runs);
  return {
    events: input.events,
    runs,
    summary,
    ratios: featureRatios(runs, summary),
    stats,
    compileMs,
  };
}

/** Where the time goes: one JFR-recorded run (not counted) of each metric and contender. */
export async function profileFeatures(input: {
  file: string;
  events: number;
}): Promise<Record<string, ProfileSummary>> {
  const compiled = compileFeatureJobs();
  const out: Record<string, ProfileSummary> = {};
  for (const job of FEATURE_JOBS)
    for (const contender of FEATURE_CONTENDERS) {
      const jfr = path.join(TMP, `feature-${job}-${contender}.jfr`);
      log(`features: profiling ${job} ${contender} with JFR over ${input.events} events (not counted)`);
      const { rowsFile } = await runFeature(contender, job, compiled[job], input.file, input.events, 'jfr', [
        `-XX:StartFlightRecording=filename=${jfr},settings=profile,dumponexit=true`,
      ]);
      fs.rmSync(rowsFile, { force: true });
      out[`features: ${job} ${contender} (JFR, ${input.events} events)`] = await summarizeJfr(jfr);
      fs.rmSync(jfr, { force: true });
    }
  return out;
}

function summarizeFeatures(runs: readonly FeatureRun[]): FeatureSummary[] {
  const out: FeatureSummary[] = [];
  for (const job of FEATURE_JOBS)
    for (const contender of FEATURE_CONTENDERS) {
      const mine = runs.filter((r) => r.job === job && r.contender === contender);
      if (mine.length === 0) continue;
      out.push({
        job,
        contender,
        runs: mine.length,
        allEqual: mine.every((r) => r.diff.equal && r.late === 0 && r.deadLetters === 0),
        medianEventsPerSecond: median(mine.map((r) => r.eventsPerSecond)),
        medianCpuMicrosPerEvent: median(mine.map((r) => r.cpuMicrosPerEvent)),
        medianProcessingMs: median(mine.map((r) => r.processingMs)),
      });
    }
  return out;
}

/** Ratios count only when every run of both contenders had rows equal to the reference: NaN otherwise. */
function featureRatios(
  runs: readonly FeatureRun[],
  summary: readonly FeatureSummary[],
): Record<string, Record<string, number>> {
  const ratios: Record<string, Record<string, number>> = {};
  for (const job of FEATURE_JOBS) {
    const gen = summary.find((s) => s.job === job && s.contender === 'generated');
    const sql = summary.find((s) => s.job === job && s.contender === 'sql');
    if (!gen || !sql) continue;
    const equal = gen.allEqual && sql.allEqual;
    const paired = median(
      runs
        .filter((r) => r.job === job && r.contender === 'generated')
        .flatMap((g) => {
          const s = runs.find((r) => r.job === job && r.contender === 'sql' && r.round === g.round);
          return s ? [g.eventsPerSecond / s.eventsPerSecond] : [];
        }),
    );
    ratios[job] = {
      generatedVsSql: equal ? gen.medianEventsPerSecond / sql.medianEventsPerSecond : Number.NaN,
      generatedVsSqlPairedMedian: equal ? paired : Number.NaN,
      cpuPerEventSqlOverGenerated: equal
        ? sql.medianCpuMicrosPerEvent / gen.medianCpuMicrosPerEvent
        : Number.NaN,
    };
  }
  return ratios;
}

/** Exported for a re-count over a rows file; the rows of every run are equal, so any generated run's will do. */
export function rowStats(job: FeatureJob, rowsFile: string): FeatureRowStats {
  const rows = fs
    .readFileSync(rowsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, number | string | null>);
  const perKey = new Map<string, number>();
  for (const r of rows) perKey.set(String(r.meeting_id), (perKey.get(String(r.meeting_id)) ?? 0) + 1);
  const base = { rows: rows.length, keys: perKey.size };
  if (job === 'sessions') {
    // The input's last event ends the latest session one gap later (the input's own info describes the whole
    // cached file, which may be longer). A session ending before that event − the sources' watermark delay
    // (jobs/sources.ts) fired on the watermark, not at the end of the input.
    const lastEvent = Math.max(...rows.map((r) => Number(r.window_end))) - parseDuration(SESSION_GAP);
    const closedBy = lastEvent - parseDuration('5s');
    return {
      ...base,
      closedBeforeEnd: rows.filter((r) => Number(r.window_end) <= closedBy).length,
      keysWithSeveralSessions: [...perKey.values()].filter((n) => n > 1).length,
      medianSessionMinutes: median(rows.map((r) => Number(r.session_minutes))),
      meanEventsPerRow: rows.reduce((n, r) => n + Number(r.events), 0) / Math.max(1, rows.length),
    };
  }
  const withValues = rows.filter((r) => r.p50_latency_ms !== null);
  return {
    ...base,
    rowsWithValues: withValues.length,
    meanValuesPerRow:
      withValues.reduce((n, r) => n + Number(r.lag_reports), 0) / Math.max(1, withValues.length),
  };
}
