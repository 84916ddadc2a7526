// The restore tests behind `collab-stream plan`'s classes. difftest/jobs/plan_base.ts (the deployed job) reads the
// first half of a simulated stream on a MiniCluster and stops with a savepoint, windows still open; each edited job
// (difftest/jobs/plan_*.ts, compiled with the codegen API) restores that savepoint, with the lake as the savepoint
// left it, and reads the second half. For each edit, plan's class is checked, then the lake's rows over the whole
// stream against the reference evaluator: the old definition before the savepoint, the new one after it, the
// windows open at the savepoint included. Counts are additive, so a window's value on each side of the savepoint is
// exact: (whole stream) − (first half) is what the restored job added.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChangeClass, JobVersion, StateManifest } from '../../codegen/src/plan-diff';
import { planJobs } from '../../codegen/src/plan-diff';
import type { Job } from '../../dsl';
import type { InputRecord, Row } from '../../evaluator';
import { evaluate } from '../../evaluator';
import planAddMeasure from '../jobs/plan_add_measure';
import planAddMetric from '../jobs/plan_add_metric';
import planBase from '../jobs/plan_base';
import planChangeWhere from '../jobs/plan_change_where';
import planWindowSize from '../jobs/plan_window_size';
import { CATALOG, simulatedRecords } from './cases';
import type { JvmResult } from './harness';
import { compileJob } from './compile-job';
import { javaClassOf, lakeTablesOf, readRun, rowDifferences, runHarness, writeInput } from './harness';

const METRIC = 'plan_demo_30s';
/** How the base metric's rows are paired: by its key and window start. */
const BASE_METRIC = { id: METRIC, key: 'meeting_id' };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-restore-'));
const records: InputRecord[] = simulatedRecords(23, 8, 6);
const split = Math.floor(records.length / 2);

const EDITS = {
  add_measure: { job: planAddMeasure, file: 'difftest/jobs/plan_add_measure.ts', expected: 'PARTIAL' },
  change_where: { job: planChangeWhere, file: 'difftest/jobs/plan_change_where.ts', expected: 'SEMANTIC' },
  add_metric: { job: planAddMetric, file: 'difftest/jobs/plan_add_metric.ts', expected: 'PARTIAL' },
  window_size: { job: planWindowSize, file: 'difftest/jobs/plan_window_size.ts', expected: 'BREAKING' },
} as const satisfies Record<string, { job: Job; file: string; expected: ChangeClass }>;
type EditName = keyof typeof EDITS;

const versions = new Map<string, JobVersion>();
const restored = new Map<EditName, JvmResult>();

/** Compiles one version of the job into its own classes folder; keeps its IR and manifest for plan. */
function compileVersion(jobFile: string, dir: string): string {
  const { classes, ir, files } = compileJob(jobFile, dir);
  versions.set(jobFile, {
    ir,
    manifest: JSON.parse(files.get('manifests/plan_demo.state.json')!) as StateManifest,
  });
  return classes;
}

beforeAll(() => {
  const input = path.join(work, 'input.jsonl');
  writeInput(input, records);
  // The FileSink's state names its bucket paths: every restore needs the lake where the savepoint left it.
  const lake = path.join(work, 'lake');
  const lakeAtSavepoint = path.join(work, 'lake-at-savepoint');
  const baseDir = path.join(work, 'base');
  fs.mkdirSync(baseDir);
  const baseClasses = compileVersion('difftest/jobs/plan_base.ts', path.join(work, 'v-base'));
  runHarness(
    baseDir,
    CATALOG,
    [
      {
        jobClass: javaClassOf(planBase),
        input,
        outDir: baseDir,
        lakeDir: lake,
        tables: lakeTablesOf(planBase),
        stopWithSavepointAfter: split,
      },
    ],
    [baseClasses],
  );
  fs.cpSync(lake, lakeAtSavepoint, { recursive: true });
  for (const [name, edit] of Object.entries(EDITS) as [EditName, (typeof EDITS)[EditName]][]) {
    const classes = compileVersion(edit.file, path.join(work, `v-${name}`));
    fs.rmSync(lake, { recursive: true, force: true });
    fs.cpSync(lakeAtSavepoint, lake, { recursive: true });
    const outDir = path.join(work, name);
    fs.mkdirSync(outDir);
    runHarness(
      outDir,
      CATALOG,
      [
        {
          jobClass: javaClassOf(edit.job),
          input,
          outDir,
          lakeDir: lake,
          tables: lakeTablesOf(edit.job),
          restoreFromRunIn: baseDir,
        },
      ],
      [classes],
    );
    restored.set(name, readRun(outDir));
  }
}, 600_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const rowsOf = (result: JvmResult, metric: string): Row[] =>
  result.rows.filter((r) => r.metric === metric).map(({ metric: _metric, ...row }) => row);
const rowsOfEvaluation = (job: Job, part: readonly InputRecord[], metric = METRIC): Row[] =>
  evaluate(job, part, { now: Date.now(), catalog: CATALOG })
    .rows.filter((r) => r.metric === metric)
    .map((r) => r.row);
const windowOf = (row: Row, key = 'meeting_id') => `${String(row[key])}@${String(row.window_start)}`;
const byWindow = (rows: readonly Row[], key?: string) => new Map(rows.map((r) => [windowOf(r, key), r]));
/** A count over a window, 0 where the part of the stream gave the window no row. */
const count = (rows: ReadonlyMap<string, Row>, window: string, column: string) =>
  Number(rows.get(window)?.[column] ?? 0);

const firstHalf = records.slice(0, split);
const baseWhole = rowsOfEvaluation(planBase, records);
const baseFirst = byWindow(rowsOfEvaluation(planBase, firstHalf));

it.each(Object.values(EDITS).map((e) => [e.file, e.expected, e] as const))(
  'plan classes %s as %s',
  (_file, _class, edit) => {
    const [plan] = planJobs(
      new Map([['plan_demo', versions.get('difftest/jobs/plan_base.ts')!]]),
      new Map([['plan_demo', versions.get(edit.file)!]]),
    );
    expect(plan!.class).toBe(edit.expected);
  },
);

it('resumes every edited job from the record after the savepoint', () => {
  expect(fs.readFileSync(path.join(work, 'base', 'savepoint.txt'), 'utf8')).toMatch(/savepoint-/);
  for (const result of restored.values()) expect(result.emitted).toBe(records.length - split);
});

it('PARTIAL, add measure: the new count covers the events after the restore in windows open at it, all of them later', () => {
  const rows = rowsOf(restored.get('add_measure')!, METRIC);
  const whole = byWindow(rowsOfEvaluation(planAddMeasure, records));
  const first = byWindow(rowsOfEvaluation(planAddMeasure, firstHalf));
  // Rows written before the savepoint have the old Parquet schema (no joins column): the old definition's rows.
  const before = rows.filter((r) => !('joins' in r));
  const after = rows.filter((r) => 'joins' in r);
  expect(before.length).toBeGreaterThan(0);
  const beforeWanted = before.map((r) => {
    const { joins: _joins, ...old } = whole.get(windowOf(r))!;
    return old;
  });
  expect(rowDifferences(before, beforeWanted, BASE_METRIC)).toEqual([]);
  const afterWanted = after.map((r) => {
    const w = windowOf(r);
    return { ...whole.get(w)!, joins: count(whole, w, 'joins') - count(first, w, 'joins') };
  });
  expect(rowDifferences(after, afterWanted, BASE_METRIC)).toEqual([]);
  // Each window once, none missing.
  expect(rows.map((r) => windowOf(r)).sort()).toEqual([...whole.keys()].sort());
  // Windows open at the savepoint with joins before it: had the new field restored anything, these would differ.
  const open = after.filter((r) => count(first, windowOf(r), 'joins') > 0);
  expect(open.length).toBeGreaterThan(0);
});

it('SEMANTIC, change where: same state; windows open at the restore count the first half the old way', () => {
  const rows = rowsOf(restored.get('change_where')!, METRIC);
  const newWhole = rowsOfEvaluation(planChangeWhere, records);
  const newFirst = byWindow(rowsOfEvaluation(planChangeWhere, firstHalf));
  const oldWhole = byWindow(baseWhole);
  const wanted = newWhole.map((row) => {
    const w = windowOf(row);
    const reactions =
      count(baseFirst, w, 'reactions') + Number(row.reactions) - count(newFirst, w, 'reactions');
    return { ...row, reactions };
  });
  expect(rowDifferences(rows, wanted, BASE_METRIC)).toEqual([]);
  // The proof needs windows whose value neither definition alone gives: emoji before the restore still counted.
  const mixed = wanted.filter(
    (r) => r.reactions !== newWhole.find((n) => windowOf(n) === windowOf(r))!.reactions,
  );
  expect(mixed.length).toBeGreaterThan(0);
  expect(mixed.some((r) => r.reactions !== oldWhole.get(windowOf(r))!.reactions)).toBe(true);
});

it('PARTIAL, add metric: the old metric keeps its state, the new one starts from the restore', () => {
  const result = restored.get('add_metric')!;
  expect(rowDifferences(rowsOf(result, METRIC), baseWhole, BASE_METRIC)).toEqual([]);
  const orgs = rowsOfEvaluation(planAddMetric, records.slice(split), 'plan_orgs_30s');
  expect(orgs.length).toBeGreaterThan(0);
  expect(
    rowDifferences(rowsOf(result, 'plan_orgs_30s'), orgs, { id: 'plan_orgs_30s', key: 'org_id' }),
  ).toEqual([]);
});

it('BREAKING, window size: Flink restores the open 30 s windows, which fire without the events after the restore', () => {
  const rows = rowsOf(restored.get('window_size')!, METRIC);
  const thirty = rows.filter((r) => Number(r.window_end) - Number(r.window_start) === 30_000);
  const sixty = rows.filter((r) => Number(r.window_end) - Number(r.window_start) === 60_000);
  expect(thirty.length + sixty.length).toBe(rows.length);
  // Neither definition over the whole stream gives these rows: the restore did not fail, it changed the meaning.
  expect(rowDifferences(rows, rowsOfEvaluation(planWindowSize, records), BASE_METRIC)).not.toEqual([]);
  expect(rowDifferences(thirty, baseWhole, BASE_METRIC)).not.toEqual([]);
  // The windows open at the savepoint fired with their first-half events only.
  const oldWhole = byWindow(baseWhole);
  const truncated = thirty.filter((r) => Number(r.events) < count(oldWhole, windowOf(r), 'events'));
  expect(truncated.length).toBeGreaterThan(0);
  for (const row of truncated) expect(row.events).toBe(count(baseFirst, windowOf(row), 'events'));
});
