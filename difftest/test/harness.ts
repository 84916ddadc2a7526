// Running the JVM differential harness from jest: its classpath, and one call for a list of runs.
import type { SpawnSyncReturns } from 'node:child_process';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Job } from '../../dsl';
import type { InputRecord, Row } from '../../evaluator';
export { rowDifferences } from '../../evaluator';
import type { SchemaCatalog } from '../../schemas/src/catalog';

export const ROOT = path.resolve(__dirname, '../..');
const CLASSPATH_FILE = path.join(ROOT, 'difftest/target/classpath.txt');

/** The harness and every jar it needs; builds them first when run outside `npm test` (after its Maven stage). */
export function harnessClasspath(): string {
  if (!fs.existsSync(CLASSPATH_FILE)) {
    execFileSync('mvn', ['-B', '-q', '-f', 'pom.xml', '-pl', 'difftest', '-am', 'package', '-DskipTests'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  return [path.join(ROOT, 'difftest/target/classes'), fs.readFileSync(CLASSPATH_FILE, 'utf8').trim()].join(
    path.delimiter,
  );
}

export { entryClassOf as javaClassOf } from '../../cli/src/deploy';

/** metric id → lake table, as the harness writes them. */
export const lakeTablesOf = (job: Job): Record<string, string> =>
  Object.fromEntries(
    job.metrics.map((m) => [m.id, m.sinks.find((s) => s.kind === 'lake-table')?.table ?? m.id]),
  );

export function writeInput(file: string, records: readonly InputRecord[]): void {
  const lines = records.map((r) =>
    JSON.stringify({
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      bytes: Buffer.from(r.bytes!).toString('base64'),
    }),
  );
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

export interface HarnessRun {
  readonly jobClass: string;
  readonly input: string;
  readonly outDir: string;
  readonly tables: Record<string, string>;
  readonly lakeDir?: string;
  readonly stopWithSavepointAfter?: number;
  readonly restoreFromRunIn?: string;
  /** Restore even if some of the savepoint's state has no operator in the job (Flink's allowNonRestoredState). */
  readonly allowNonRestoredState?: boolean;
  /** The lake sinks under production's uids (they name the table), not the fixtures' difftest.* ones. */
  readonly productionSinkUids?: boolean;
}

/** Runs the harness once (one JVM) over all runs, in order. */
export function runHarness(
  work: string,
  catalog: SchemaCatalog,
  runs: readonly HarnessRun[],
  extraClasspath: string[] = [],
  javaOptions: readonly string[] = [],
): void {
  const result = spawnHarness(work, catalog, runs, extraClasspath, 'inherit', javaOptions);
  if (result.status !== 0) throw new Error(`the harness failed (exit ${String(result.status)})`);
}

/** Runs the harness expecting it to fail (a restore Flink must refuse); returns what it wrote to stderr. */
export function harnessFailure(
  work: string,
  catalog: SchemaCatalog,
  runs: readonly HarnessRun[],
  extraClasspath: string[] = [],
): string {
  const result = spawnHarness(work, catalog, runs, extraClasspath, 'pipe');
  if (result.status === 0) throw new Error('the harness succeeded where it should have failed');
  return String(result.stderr);
}

function spawnHarness(
  work: string,
  catalog: SchemaCatalog,
  runs: readonly HarnessRun[],
  extraClasspath: string[],
  stderr: 'inherit' | 'pipe',
  javaOptions: readonly string[] = [],
): SpawnSyncReturns<string> {
  const schemas = Object.fromEntries([...catalog.byId].map(([id, v]) => [String(id), v.schema]));
  const manifest = path.join(work, 'runs.json');
  fs.writeFileSync(manifest, JSON.stringify({ schemas, runs }));
  const classpath = [...extraClasspath, harnessClasspath()].join(path.delimiter);
  return spawnSync(
    'java',
    ['-Xmx1g', ...javaOptions, '-cp', classpath, 'io.collabstream.difftest.DifferentialHarness', manifest],
    { cwd: ROOT, stdio: ['ignore', 'inherit', stderr], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
}

export interface JvmResult {
  readonly rows: (Row & { metric: string })[];
  readonly deadLetters: { reason: string; topic: string; partition: number; offset: number }[];
  readonly late: { metric: string }[];
  readonly files: { path: string; codecs: string[] }[];
  readonly emitted: number;
}

const readLines = <T>(file: string): T[] =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as T)
    : [];

export function readRun(outDir: string): JvmResult {
  return {
    rows: readLines(path.join(outDir, 'rows.jsonl')),
    deadLetters: readLines(path.join(outDir, 'dead-letters.jsonl')),
    late: readLines(path.join(outDir, 'late.jsonl')),
    files: JSON.parse(fs.readFileSync(path.join(outDir, 'files.json'), 'utf8')) as JvmResult['files'],
    emitted: Number(fs.readFileSync(path.join(outDir, 'emitted.txt'), 'utf8')),
  };
}
