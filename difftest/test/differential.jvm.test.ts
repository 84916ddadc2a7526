// Differential tests (DESIGN §7): each event sequence goes through the reference evaluator and through the
// generated Flink job on a local MiniCluster (difftest/ harness, watermark after every event); the rows the job
// wrote to Parquet, read back, must equal the evaluator's rows (doubles within 1e-9), and the dead letters and
// late counts must match.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Job } from '../../dsl';
import type { Evaluation, Row } from '../../evaluator';
import { evaluate } from '../../evaluator';
import { JOBS } from '../../jobs';
import type { DiffCase } from './cases';
import { CATALOG, differentialCases } from './cases';

const ROOT = path.resolve(__dirname, '../..');
const CLASSPATH_FILE = path.join(ROOT, 'difftest/target/classpath.txt');

function harnessClasspath(): string {
  if (!fs.existsSync(CLASSPATH_FILE)) {
    // Standalone run (not after `npm test`'s Maven stage): build the harness and its classpath first.
    execFileSync('mvn', ['-B', '-q', '-f', 'pom.xml', '-pl', 'difftest', '-am', 'package', '-DskipTests'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  return [path.join(ROOT, 'difftest/target/classes'), fs.readFileSync(CLASSPATH_FILE, 'utf8').trim()].join(
    path.delimiter,
  );
}

const javaClassOf = (job: Job) =>
  `io.collabstream.jobs.${job.id
    .split('_')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('')}Job`;

interface JvmResult {
  rows: Row[];
  deadLetters: { reason: string; topic: string; partition: number; offset: number }[];
  late: { metric: string }[];
  files: { path: string; codecs: string[] }[];
}

const readLines = <T>(file: string): T[] =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as T)
    : [];

const cases = differentialCases();
const jobs = [...JOBS.values()];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-'));
const results = new Map<string, JvmResult>();
const expected = new Map<string, Evaluation>();
const runKey = (c: DiffCase, job: Job) => `${c.name}/${job.id}`;

beforeAll(() => {
  const runs = [];
  for (const c of cases) {
    const input = path.join(work, `${c.name}.jsonl`);
    fs.writeFileSync(
      input,
      c.records
        .map((r) =>
          JSON.stringify({
            topic: r.topic,
            partition: r.partition,
            offset: r.offset,
            bytes: Buffer.from(r.bytes!).toString('base64'),
          }),
        )
        .join('\n') + '\n',
    );
    for (const job of jobs) {
      const tables = Object.fromEntries(
        job.metrics.map((m) => [m.id, m.sinks.find((s) => s.kind === 'lake-table')?.table ?? m.id]),
      );
      runs.push({ jobClass: javaClassOf(job), input, outDir: path.join(work, runKey(c, job)), tables });
      expected.set(runKey(c, job), evaluate(job, c.records, { now: Date.now(), catalog: CATALOG }));
    }
  }
  const schemas = Object.fromEntries([...CATALOG.byId].map(([id, v]) => [String(id), v.schema]));
  fs.writeFileSync(path.join(work, 'runs.json'), JSON.stringify({ schemas, runs }));
  execFileSync(
    'java',
    [
      '-Xmx1g',
      '-cp',
      harnessClasspath(),
      'io.collabstream.difftest.DifferentialHarness',
      path.join(work, 'runs.json'),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  for (const run of runs) {
    results.set(path.relative(work, run.outDir), {
      rows: readLines<Row & { metric?: string }>(path.join(run.outDir, 'rows.jsonl')).map(
        ({ metric: _metric, ...row }) => row,
      ),
      deadLetters: readLines(path.join(run.outDir, 'dead-letters.jsonl')),
      late: readLines(path.join(run.outDir, 'late.jsonl')),
      files: JSON.parse(fs.readFileSync(path.join(run.outDir, 'files.json'), 'utf8')) as JvmResult['files'],
    });
  }
}, 900_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sortRows = (rows: readonly Row[]) =>
  [...rows].sort(
    (a, b) =>
      String(a.meeting_id).localeCompare(String(b.meeting_id)) ||
      (a.window_start as number) - (b.window_start as number),
  );

function differences(actual: readonly Row[], wanted: readonly Row[]): string[] {
  const out: string[] = [];
  if (actual.length !== wanted.length)
    out.push(`${actual.length} rows from Flink, ${wanted.length} from the evaluator`);
  sortRows(actual).forEach((row, i) => {
    const want = sortRows(wanted)[i] ?? {};
    for (const column of new Set([...Object.keys(row), ...Object.keys(want)])) {
      const a = row[column];
      const b = want[column];
      const same =
        typeof a === 'number' && typeof b === 'number'
          ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b))
          : a === b;
      if (!same && out.length < 20)
        out.push(
          `${String(want.meeting_id)} @${String(want.window_start)} ${column}: flink ${String(a)}, evaluator ${String(b)}`,
        );
    }
  });
  return out;
}

describe.each(cases.map((c) => [c.name, c] as const))('differential: %s', (_name, c) => {
  it.each(jobs.map((j) => [j.id, j] as const))(
    '%s: Flink rows, dead letters and late counts equal the reference evaluator',
    (_id, job) => {
      const jvm = results.get(runKey(c, job))!;
      const reference = expected.get(runKey(c, job))!;
      const referenceRows = reference.rows.map((r) => r.row);
      expect(referenceRows.length).toBeGreaterThan(0);
      expect(differences(jvm.rows, referenceRows)).toEqual([]);
      const key = (d: { reason: string; topic: string; partition: number; offset: number }) =>
        `${d.reason} ${d.topic}/${d.partition}@${d.offset}`;
      expect(jvm.deadLetters.map(key).sort()).toEqual(
        reference.deadLetters
          .map((d) =>
            key({ ...d, topic: d.record.topic, partition: d.record.partition, offset: d.record.offset }),
          )
          .sort(),
      );
      for (const metric of job.metrics) {
        expect({ metric: metric.id, late: jvm.late.filter((l) => l.metric === metric.id).length }).toEqual({
          metric: metric.id,
          late: reference.counts.late[metric.id],
        });
      }
      expect(jvm.files.length).toBeGreaterThan(0);
      for (const file of jvm.files) {
        expect(file.path).toMatch(/^metrics\/[a-z0-9_]+\/date=\d{4}-\d{2}-\d{2}\/[^.][^/]*\.parquet$/);
        expect(new Set(file.codecs)).toEqual(new Set(['SNAPPY']));
      }
    },
  );
});

it('covers at least ten sequences, with thousands of seeded random events, every bad kind and late events', () => {
  expect(cases.length).toBeGreaterThanOrEqual(10);
  const total = cases.reduce((n, c) => n + c.records.length, 0);
  expect(total).toBeGreaterThan(5_000);
  const reasons = new Set([...expected.values()].flatMap((e) => e.deadLetters.map((d) => d.reason)));
  expect(reasons.size).toBeGreaterThanOrEqual(10);
  expect([...expected.values()].some((e) => Object.values(e.counts.late).some((n) => n > 0))).toBe(true);
});
