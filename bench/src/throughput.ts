// Issue #6 part 1: the generated jobs against a hand-written DataStream job and Flink SQL window TVFs, each run in
// a fresh JVM on a local MiniCluster over the same in-memory input, interleaved (A, B, C, A, B, C, …). Every run's
// rows are diffed with the first generated run of the same job before its speed counts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH, ROOT, TMP } from './paths';
import { log, median, runCommand } from './util';

// `generated-copying` is the generated job with object reuse off, as it ran before 2026-12-04: the lever's before.
export const CONTENDERS = ['generated', 'generated-copying', 'handwritten', 'sql'] as const;
export type Contender = (typeof CONTENDERS)[number];
export const JOBS = ['metrics30s', 'trends60s'] as const;
export type BenchJob = (typeof JOBS)[number];

export const JOB_LABELS: Record<BenchJob, string> = {
  metrics30s: 'meeting_metrics_30s (tumbling 30 s)',
  trends60s: 'meeting_trends_60s (sliding 60 s / 15 s)',
};

/** Columns Flink SQL cannot compute (see bench/README.md): left out of its diff. */
export const NOT_COMPARED: Record<Contender, readonly string[]> = {
  generated: [],
  'generated-copying': [],
  handwritten: [],
  sql: ['participants'],
};

export const JVM_OPTIONS = [
  '-Xms4g',
  '-Xmx4g',
  '-XX:+UseG1GC',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
];

export interface ThroughputRun {
  readonly round: number;
  readonly contender: Contender;
  readonly job: BenchJob;
  readonly events: number;
  readonly processingMs: number;
  readonly executeMs: number;
  readonly cpuMs: number;
  readonly gcMs: number;
  readonly eventsPerSecond: number;
  readonly cpuMicrosPerEvent: number;
  readonly rows: number;
  readonly deadLetters: number;
  readonly late: number;
  /** The machine's 1-minute load average when the run started (other users of this shared machine). */
  readonly loadAverage: number;
  readonly diff: Diff;
}

export interface Diff {
  readonly equal: boolean;
  readonly referenceRows: number;
  readonly candidateRows: number;
  readonly compared: readonly string[];
  readonly ignored: readonly string[];
  readonly differences: readonly string[];
  /** Rows whose only difference is meeting_health at a threshold (summation order; see DiffMain). */
  readonly roundingFlips: number;
  readonly roundingFlipExamples?: readonly string[];
}

export interface ThroughputSummary {
  readonly job: BenchJob;
  readonly contender: Contender;
  readonly runs: number;
  readonly allEqual: boolean;
  /** Most rounding flips (meeting_health at a threshold) in any one run of this contender. */
  readonly maxRoundingFlips: number;
  readonly medianEventsPerSecond: number;
  readonly medianCpuMicrosPerEvent: number;
  readonly medianProcessingMs: number;
}

const SNAPSHOT = path.join(TMP, 'classpath');

/**
 * Copies the jars built in this checkout (runtime, generated jobs, the bench module) aside once per run, so that
 * a rebuild by someone else in the same checkout can neither change nor break the classes under measurement.
 */
export function snapshotClasspath(): void {
  fs.rmSync(SNAPSHOT, { recursive: true, force: true });
  fs.mkdirSync(SNAPSHOT, { recursive: true });
  const entries = fs
    .readFileSync(path.join(BENCH, 'target/classpath.txt'), 'utf8')
    .trim()
    .split(path.delimiter);
  const jars = [...entries.filter((e) => !e.startsWith(ROOT)), path.join(BENCH, 'target/classes')];
  const copied: string[] = [];
  for (const entry of entries.filter((e) => e.startsWith(ROOT))) {
    const target = path.join(SNAPSHOT, path.basename(entry));
    fs.cpSync(entry, target, { recursive: true });
    copied.push(target);
  }
  const classes = path.join(SNAPSHOT, 'bench-classes');
  fs.cpSync(path.join(BENCH, 'target/classes'), classes, { recursive: true });
  fs.writeFileSync(
    path.join(SNAPSHOT, 'classpath.txt'),
    [classes, ...copied, ...jars.filter((j) => !j.startsWith(BENCH))].join(path.delimiter),
  );
}

export function benchClasspath(): string {
  const snapshot = path.join(SNAPSHOT, 'classpath.txt');
  if (!fs.existsSync(snapshot)) snapshotClasspath();
  return fs.readFileSync(snapshot, 'utf8').trim();
}

/** A fresh benchmark JVM; `classpathFirst` goes before the bench classpath (compiled feature jobs). */
export async function java(
  args: readonly string[],
  extraJvm: readonly string[] = [],
  classpathFirst: readonly string[] = [],
) {
  const classpath = [...classpathFirst, benchClasspath()].join(path.delimiter);
  return runCommand('java', [...JVM_OPTIONS, ...extraJvm, '-cp', classpath, ...args], {
    timeoutMs: 30 * 60_000,
  });
}

/** What a timed run (TimedRun.java) measured, read from its --result file (which it then removes). */
export type RunMeasurements = Pick<
  ThroughputRun,
  | 'events'
  | 'processingMs'
  | 'executeMs'
  | 'cpuMs'
  | 'gcMs'
  | 'eventsPerSecond'
  | 'cpuMicrosPerEvent'
  | 'rows'
  | 'deadLetters'
  | 'late'
>;

export function readMeasurements(resultFile: string): RunMeasurements {
  const r = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Record<string, number>;
  fs.rmSync(resultFile);
  return {
    events: r.events as number,
    processingMs: r.processingMs as number,
    executeMs: r.executeMs as number,
    cpuMs: r.cpuMs as number,
    gcMs: r.gcMs as number,
    eventsPerSecond: r.eventsPerSecond as number,
    cpuMicrosPerEvent: r.cpuMicrosPerEvent as number,
    rows: r.rows as number,
    deadLetters: r.deadLetters as number,
    late: r.late as number,
  };
}

/** One run: a fresh JVM; returns its measurements and where it wrote its rows. */
export async function runOne(
  contender: Contender,
  job: BenchJob,
  input: string,
  events: number,
  tag: string,
  extraJvm: readonly string[] = [],
): Promise<{ result: Omit<ThroughputRun, 'round' | 'diff' | 'loadAverage'>; rowsFile: string }> {
  const rowsFile = path.join(TMP, `rows-${job}-${contender}-${tag}.jsonl`);
  const resultFile = path.join(TMP, `result-${job}-${contender}-${tag}.json`);
  const args = [
    'io.collabstream.bench.ThroughputMain',
    '--contender',
    contender,
    '--job',
    job,
    '--input',
    input,
    '--rows',
    rowsFile,
    '--result',
    resultFile,
    '--limit',
    String(events),
    '--parallelism',
    '1',
    '--registry',
    path.join(ROOT, 'schemas/registry.json'),
  ];
  const run = await java(args, extraJvm);
  if (run.code !== 0) {
    throw new Error(
      `${contender} ${job} failed (exit ${run.code}):\n${(run.stdout + run.stderr).slice(-4000)}`,
    );
  }
  return { result: { contender, job, ...readMeasurements(resultFile) }, rowsFile };
}

export async function diffRows(
  reference: string,
  candidate: string,
  ignored: readonly string[],
): Promise<Diff> {
  const run = await runCommand('java', [
    '-cp',
    benchClasspath(),
    'io.collabstream.bench.DiffMain',
    reference,
    candidate,
    ignored.join(','),
  ]);
  if (run.code !== 0) throw new Error(`diff failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Diff;
}

/**
 * The first run of a job is its reference (kept in `references`, its own diff equal by definition); every later
 * run's rows are diffed with it and deleted. `isReference` tells the caller which case it was.
 */
export async function diffWithReference<J>(
  references: Map<J, string>,
  job: J,
  rowsFile: string,
  rows: number,
  ignored: readonly string[],
): Promise<{ diff: Diff; isReference: boolean }> {
  const reference = references.get(job);
  if (reference === undefined) {
    references.set(job, rowsFile);
    const diff: Diff = {
      equal: true,
      referenceRows: rows,
      candidateRows: rows,
      compared: [],
      ignored: [],
      differences: [],
      roundingFlips: 0,
      roundingFlipExamples: ['(the reference run)'],
    };
    return { diff, isReference: true };
  }
  const diff = await diffRows(reference, rowsFile, ignored);
  fs.rmSync(rowsFile);
  return { diff, isReference: false };
}

export async function benchThroughput(
  input: string,
  events: number,
  rounds: number,
): Promise<ThroughputRun[]> {
  const runs: ThroughputRun[] = [];
  const reference = new Map<BenchJob, string>();
  for (let round = 1; round <= rounds; round++) {
    for (const job of JOBS) {
      for (const contender of CONTENDERS) {
        const loadAverage = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
        const { result, rowsFile } = await runOne(contender, job, input, events, `r${round}`);
        const { diff } = await diffWithReference(
          reference,
          job,
          rowsFile,
          result.rows,
          NOT_COMPARED[contender],
        );
        const run: ThroughputRun = { round, ...result, loadAverage, diff };
        runs.push(run);
        log(
          `throughput: round ${round} ${job} ${contender}: ${Math.round(run.eventsPerSecond)} events/s, ` +
            `${run.cpuMicrosPerEvent.toFixed(1)} µs CPU/event, ${run.rows} rows, load ${loadAverage}, ` +
            `${diff.equal ? 'rows equal' : `ROWS DIFFER: ${diff.differences.slice(0, 3).join('; ')}`}` +
            (diff.roundingFlips > 0 ? ` (${diff.roundingFlips} meeting_health rounding flips)` : ''),
        );
      }
    }
  }
  return runs;
}

export function summarize(runs: readonly ThroughputRun[]): ThroughputSummary[] {
  const out: ThroughputSummary[] = [];
  for (const job of JOBS) {
    for (const contender of CONTENDERS) {
      const mine = runs.filter((r) => r.job === job && r.contender === contender);
      if (mine.length === 0) continue;
      const allEqual = mine.every((r) => r.diff.equal && r.late === 0 && r.deadLetters === 0);
      out.push({
        job,
        contender,
        runs: mine.length,
        allEqual,
        maxRoundingFlips: Math.max(0, ...mine.map((r) => r.diff.roundingFlips)),
        medianEventsPerSecond: median(mine.map((r) => r.eventsPerSecond)),
        medianCpuMicrosPerEvent: median(mine.map((r) => r.cpuMicrosPerEvent)),
        medianProcessingMs: median(mine.map((r) => r.processingMs)),
      });
    }
  }
  return out;
}
