// Savepoints taken by the jobs as generated before the back end was restructured (fixtures/pre-structure, made
// by fixtures/make-savepoint-fixture.ts at commit 41b51da) restore into the jobs as generated now: the state
// classes, state names and uids did not change. Each production job ran over the first half of a recorded stream
// and stopped with a savepoint, leaving its lake files; the job of today restores it and reads the second half.
// The lake then holds every row of the evaluator over the whole stream, each window once, and late counts add up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { InputRecord, Row } from '../../evaluator';
import { evaluate } from '../../evaluator';
import { fixtureLake, JOBS } from '../fixtures/make-savepoint-fixture';
import { CATALOG } from './cases';
import type { JvmResult } from './harness';
import { javaClassOf, lakeTablesOf, readRun, rowDifferences, ROOT, runHarness } from './harness';

const FIXTURE = path.join(ROOT, 'difftest/fixtures/pre-structure');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pre-structure-'));

const inputJsonl = zlib.gunzipSync(fs.readFileSync(path.join(FIXTURE, 'input.jsonl.gz')));
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

interface RecordedLine {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly bytes: string;
}
const records: InputRecord[] = inputJsonl
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as RecordedLine)
  .map((r) => ({
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    bytes: Buffer.from(r.bytes, 'base64'),
  }));
const { split } = readJson<{ split: number }>(path.join(FIXTURE, 'split.json'));
const restored = new Map<string, JvmResult>();

beforeAll(() => {
  const input = path.join(work, 'input.jsonl');
  fs.writeFileSync(input, inputJsonl);
  const runs = JOBS.map((job) => {
    // The harness restores from the savepoint named in <run>/savepoint.txt; a copy keeps the fixture untouched.
    const before = path.join(work, `${job.id}.before`);
    fs.cpSync(path.join(FIXTURE, job.id, 'savepoint'), path.join(before, 'savepoint'), { recursive: true });
    fs.writeFileSync(path.join(before, 'savepoint.txt'), `file://${path.join(before, 'savepoint')}`);
    // The FileSink's state names its bucket paths: the lake must be where the savepoint left it.
    const lake = fixtureLake('pre-structure', job.id);
    fs.rmSync(lake, { recursive: true, force: true });
    fs.cpSync(path.join(FIXTURE, job.id, 'lake'), lake, { recursive: true });
    return {
      jobClass: javaClassOf(job),
      input,
      outDir: path.join(work, job.id),
      lakeDir: lake,
      tables: lakeTablesOf(job),
      restoreFromRunIn: before,
    };
  });
  // The fixture's savepoints were taken on the day they were made, and presence's processing-time backstop
  // (runtime PresenceStates) would expire their entries once that is longer ago than ttl + 1 day: the restore a
  // job stopped that long needs the backstop raised, as the runtime documents. Here: ten years.
  runHarness(work, CATALOG, runs, [], [`-Dcollab.presence.state-backstop-ms=${10 * 365 * 86_400_000}`]);
  for (const job of JOBS) restored.set(job.id, readRun(path.join(work, job.id)));
}, 600_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  for (const job of JOBS) fs.rmSync(fixtureLake('pre-structure', job.id), { recursive: true, force: true });
});

const withoutMetric = (rows: readonly (Row & { metric: string })[]): Row[] =>
  rows.map(({ metric: _metric, ...row }) => row);

// Measures the jobs gained after the fixture was made. `plan` calls an added measure PARTIAL: it starts empty at
// the restore, so the lake's files from before the savepoint lack its column and windows open at the savepoint
// hold only the events after it. It is compared apart, on the windows that opened after the restore.
const ADDED_SINCE = ['p95_latency_ms'] as const;
const withoutAdded = (row: Row): Row =>
  Object.fromEntries(
    Object.entries(row).filter(([column]) => !(ADDED_SINCE as readonly string[]).includes(column)),
  );
const onlyAdded = (row: Row): Row =>
  Object.fromEntries(
    Object.entries(row).filter(
      ([column]) =>
        ['meeting_id', 'window_start'].includes(column) || !Object.hasOwn(withoutAdded(row), column),
    ),
  );

describe.each(JOBS.map((job) => [job.id, job] as const))('%s', (id, job) => {
  const reference = evaluate(job, records, { now: Date.now(), catalog: CATALOG });
  it('resumes from the record after the savepoint', () => {
    expect(restored.get(id)!.emitted).toBe(records.length - split);
  });

  it('leaves in the lake, with the rows written before the savepoint, every row of the evaluator once', () => {
    const lake = withoutMetric(restored.get(id)!.rows).map(withoutAdded);
    const whole = reference.rows.map((r) => withoutAdded(r.row));
    // Each job of jobs/ has one metric.
    const metric = job.metrics[0]!;
    expect(rowDifferences(lake, whole, metric)).toEqual([]);
    // The proof needs windows open at the savepoint: rows after it that also hold events from before it.
    const windowOf = (row: Row) => `${String(row.meeting_id)}@${String(row.window_start)}`;
    const secondHalfOnly = evaluate(job, records.slice(split), { now: Date.now(), catalog: CATALOG }).rows;
    const differsWithoutState = secondHalfOnly.filter((r) => {
      const full = lake.find((row) => windowOf(row) === windowOf(r.row));
      return full !== undefined && rowDifferences([r.row], [full], metric).length > 0;
    });
    expect(differsWithoutState.length).toBeGreaterThan(0);
  });

  it('fills the measures added since the fixture for every window opened after the restore', () => {
    const metric = job.metrics[0]!;
    const windowOf = (row: Row) => `${String(row.meeting_id)}@${String(row.window_start)}`;
    const openedBefore = new Set(
      evaluate(job, records.slice(0, split), { now: Date.now(), catalog: CATALOG }).rows.map((r) =>
        windowOf(r.row),
      ),
    );
    const lake = withoutMetric(restored.get(id)!.rows);
    // Rows the old job wrote before its savepoint have no such column, and only windows it saw can have them.
    const fromOldFiles = lake.filter((row) => ADDED_SINCE.some((column) => !Object.hasOwn(row, column)));
    expect(fromOldFiles.length).toBeGreaterThan(0);
    expect(fromOldFiles.filter((row) => !openedBefore.has(windowOf(row)))).toEqual([]);
    const openedAfter = lake.filter((row) => !openedBefore.has(windowOf(row)));
    expect(openedAfter.filter((row) => row.p95_latency_ms !== null).length).toBeGreaterThan(0);
    const wanted = reference.rows.map((r) => r.row).filter((row) => !openedBefore.has(windowOf(row)));
    expect(rowDifferences(openedAfter.map(onlyAdded), wanted.map(onlyAdded), metric)).toEqual([]);
  });

  it('counts every late event once across the restore', () => {
    const lateBefore = readJson<{ late: number }>(path.join(FIXTURE, id, 'late-before.json')).late;
    expect(lateBefore + restored.get(id)!.late.length).toBe(reference.counts.late[id]);
  });
});
