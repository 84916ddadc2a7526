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
import planChangeConstant from '../jobs/plan_change_constant';
import planChangeDerived from '../jobs/plan_change_derived';
import planChangeLate from '../jobs/plan_change_late';
import planChangeSink from '../jobs/plan_change_sink';
import planChangeWhere from '../jobs/plan_change_where';
import planRemoveMeasure from '../jobs/plan_remove_measure';
import planShorterTtl from '../jobs/plan_shorter_ttl';
import planWindowSize from '../jobs/plan_window_size';
import planChangeAggregation from '../jobs/plan_change_aggregation';
import type { DryRunReport } from '../../cli/src/verify-savepoint';
import { ensureJobJar } from '../../cli/src/deploy';
import { dryRunRestore, stateDifferences, verifyPlan } from '../../cli/src/verify-savepoint';
import { JOBS } from '../../jobs';
import { CATALOG, simulatedRecords } from './cases';
import type { HarnessRun, JvmResult } from './harness';
import { compileJob } from './compile-job';
import {
  harnessFailure,
  javaClassOf,
  lakeTablesOf,
  readRun,
  rowDifferences,
  runHarness,
  writeInput,
} from './harness';

const METRIC = 'plan_demo_30s';
/** How the base metric's rows are paired: by its key and window start. */
const BASE_METRIC = { id: METRIC, key: 'meeting_id' };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-restore-'));
/** The stream, then its first chat events sent again at its end: late events after the restore. */
function withLateEventsAtTheEnd(stream: readonly InputRecord[]): InputRecord[] {
  const nextOffset = new Map(stream.map((r) => [`${r.topic}/${r.partition}`, r.offset + 1]));
  const resent = stream
    .filter((r) => r.topic === 'chat_events')
    .slice(0, 5)
    .map((r) => {
      const at = `${r.topic}/${r.partition}`;
      const offset = nextOffset.get(at)!;
      nextOffset.set(at, offset + 1);
      return { ...r, offset };
    });
  return [...stream, ...resent];
}
const records: InputRecord[] = withLateEventsAtTheEnd(simulatedRecords(23, 8, 6));
const split = Math.floor(records.length / 2);

const EDITS = {
  add_measure: { job: planAddMeasure, file: 'difftest/jobs/plan_add_measure.ts', expected: 'PARTIAL' },
  remove_measure: {
    job: planRemoveMeasure,
    file: 'difftest/jobs/plan_remove_measure.ts',
    expected: 'SEMANTIC',
  },
  change_where: { job: planChangeWhere, file: 'difftest/jobs/plan_change_where.ts', expected: 'SEMANTIC' },
  change_derived: {
    job: planChangeDerived,
    file: 'difftest/jobs/plan_change_derived.ts',
    expected: 'SEMANTIC',
  },
  change_constant: {
    job: planChangeConstant,
    file: 'difftest/jobs/plan_change_constant.ts',
    expected: 'SEMANTIC',
  },
  change_late: { job: planChangeLate, file: 'difftest/jobs/plan_change_late.ts', expected: 'SEMANTIC' },
  change_sink: {
    job: planChangeSink,
    file: 'difftest/jobs/plan_change_sink.ts',
    expected: 'PARTIAL',
    allowNonRestoredState: true,
  },
  add_metric: { job: planAddMetric, file: 'difftest/jobs/plan_add_metric.ts', expected: 'PARTIAL' },
  window_size: { job: planWindowSize, file: 'difftest/jobs/plan_window_size.ts', expected: 'BREAKING' },
} as const satisfies Record<
  string,
  { job: Job; file: string; expected: ChangeClass; allowNonRestoredState?: boolean }
>;
type EditName = keyof typeof EDITS;

const versions = new Map<string, JobVersion>();
const restored = new Map<EditName, JvmResult>();
/** Rows the base job wrote before its savepoint: what every restored lake starts with. */
let beforeSavepoint: JvmResult;
/** Removing a metric: plan_add_metric's savepoint restored into plan_base, with and without allowNonRestoredState. */
let metricRemoved: JvmResult;
let refusedWithoutAllowNonRestored: string;

/** Compiles one version of the job into its own classes folder; keeps its IR and manifest for plan. */
function compileVersion(jobFile: string, dir: string): string {
  const { classes, ir, files } = compileJob(jobFile, dir);
  versions.set(jobFile, {
    ir,
    manifest: JSON.parse([...files].find(([name]) => name.startsWith('manifests/'))![1]) as StateManifest,
  });
  return classes;
}

/** One run of a job version over the recorded input; sinks under production's uids, as the savepoints hold them. */
const runOf = (
  job: Job,
  input: string,
  outDir: string,
  lakeDir: string,
  more: Partial<HarnessRun>,
): HarnessRun => ({
  jobClass: javaClassOf(job),
  input,
  outDir,
  lakeDir,
  tables: lakeTablesOf(job),
  productionSinkUids: true,
  ...more,
});

/**
 * The lake as a savepoint left it, at the path it had then: the FileSink's state names its bucket paths, so every
 * job writes to the same `lake` folder, and each restore starts from a copy of the savepoint's.
 */
function lakeAt(savepointLake: string, lake: string): string {
  fs.rmSync(lake, { recursive: true, force: true });
  fs.cpSync(savepointLake, lake, { recursive: true });
  return lake;
}

/** Runs the first half of the stream through `job` and stops with a savepoint; returns a copy of the lake it left. */
function savepointOf(job: Job, classes: string, input: string, lake: string, dir: string): string {
  fs.mkdirSync(dir);
  fs.rmSync(lake, { recursive: true, force: true });
  runHarness(dir, CATALOG, [runOf(job, input, dir, lake, { stopWithSavepointAfter: split })], [classes]);
  const copy = path.join(dir, 'lake-at-savepoint');
  fs.cpSync(lake, copy, { recursive: true });
  return copy;
}

beforeAll(() => {
  const input = path.join(work, 'input.jsonl');
  writeInput(input, records);
  const lake = path.join(work, 'lake');
  const baseDir = path.join(work, 'base');
  const baseClasses = compileVersion('difftest/jobs/plan_base.ts', path.join(work, 'v-base'));
  const lakeAtSavepoint = savepointOf(planBase, baseClasses, input, lake, baseDir);
  beforeSavepoint = readRun(baseDir);
  for (const [name, edit] of Object.entries(EDITS) as [EditName, (typeof EDITS)[EditName]][]) {
    const classes = compileVersion(edit.file, path.join(work, `v-${name}`));
    const outDir = path.join(work, name);
    fs.mkdirSync(outDir);
    const restore = {
      restoreFromRunIn: baseDir,
      allowNonRestoredState: 'allowNonRestoredState' in edit && edit.allowNonRestoredState,
    };
    runHarness(
      outDir,
      CATALOG,
      [runOf(edit.job, input, outDir, lakeAt(lakeAtSavepoint, lake), restore)],
      [classes],
    );
    restored.set(name, readRun(outDir));
  }
  // Removing a metric: the savepoint of the two-metric version, restored into the base job.
  const twoDir = path.join(work, 'two-metrics');
  const lakeOfTwo = savepointOf(
    planAddMetric,
    path.join(work, 'v-add_metric', 'classes'),
    input,
    lake,
    twoDir,
  );
  const removedDir = path.join(work, 'remove_metric');
  const refusedDir = path.join(work, 'remove_metric_refused');
  fs.mkdirSync(removedDir);
  fs.mkdirSync(refusedDir);
  runHarness(
    removedDir,
    CATALOG,
    [
      runOf(planBase, input, removedDir, lakeAt(lakeOfTwo, lake), {
        restoreFromRunIn: twoDir,
        allowNonRestoredState: true,
      }),
    ],
    [baseClasses],
  );
  metricRemoved = readRun(removedDir);
  refusedWithoutAllowNonRestored = harnessFailure(
    refusedDir,
    CATALOG,
    [runOf(planBase, input, refusedDir, lakeAt(lakeOfTwo, lake), { restoreFromRunIn: twoDir })],
    [baseClasses],
  );
}, 900_000);

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
  for (const result of [...restored.values(), metricRemoved])
    expect(result.emitted).toBe(records.length - split);
});

/** The restored lake's rows of the base metric: those the base job wrote before the savepoint, and the rest. */
function bySavepoint(result: JvmResult): { before: Row[]; after: Row[] } {
  const written = new Set(rowsOf(beforeSavepoint, METRIC).map((r) => windowOf(r)));
  const rows = rowsOf(result, METRIC);
  return {
    before: rows.filter((r) => written.has(windowOf(r))),
    after: rows.filter((r) => !written.has(windowOf(r))),
  };
}

/** The rows of `definition` over the whole stream for the windows `rows` has. */
const wholeStreamRowsFor = (rows: readonly Row[], definition: Job): Row[] => {
  const whole = byWindow(rowsOfEvaluation(definition, records));
  return rows.map((r) => whole.get(windowOf(r))!);
};

/** Rows fired after the restore whose window had events before it: the windows the savepoint held open. */
const openAtSavepoint = (after: readonly Row[]) =>
  after.filter((r) => count(baseFirst, windowOf(r), 'events') > 0);

/**
 * A change of what is computed at firing (derived measures, their constants): the state is the same, so rows written
 * before the savepoint are the old definition's and every row after it, open windows included, the new one's over
 * the whole window.
 */
function expectNewDefinitionFromTheRestore(edit: EditName, definition: Job): void {
  const result = restored.get(edit)!;
  const { before, after } = bySavepoint(result);
  expect(before.length).toBe(rowsOf(beforeSavepoint, METRIC).length);
  expect(rowDifferences(before, wholeStreamRowsFor(before, planBase), BASE_METRIC)).toEqual([]);
  expect(rowDifferences(after, wholeStreamRowsFor(after, definition), BASE_METRIC)).toEqual([]);
  expect(
    rowsOf(result, METRIC)
      .map((r) => windowOf(r))
      .sort(),
  ).toEqual(baseWhole.map((r) => windowOf(r)).sort());
  // Open windows whose value the old definition would have given otherwise: the edit shows in them.
  const oldWhole = byWindow(baseWhole);
  const changed = openAtSavepoint(after).filter(
    (r) => r.messages_per_user !== oldWhole.get(windowOf(r))!.messages_per_user,
  );
  expect(changed.length).toBeGreaterThan(0);
}

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

it('SEMANTIC, remove measure: the other measures restore whole (a POJO field dropped); rows after the restore lack it', () => {
  const result = restored.get('remove_measure')!;
  const rows = rowsOf(result, METRIC);
  // Rows written before the savepoint keep the old Parquet schema, with reactions.
  const before = rows.filter((r) => 'reactions' in r);
  const after = rows.filter((r) => !('reactions' in r));
  expect(before.map((r) => windowOf(r)).sort()).toEqual(
    rowsOf(beforeSavepoint, METRIC)
      .map((r) => windowOf(r))
      .sort(),
  );
  expect(rowDifferences(before, wholeStreamRowsFor(before, planBase), BASE_METRIC)).toEqual([]);
  expect(rowDifferences(after, wholeStreamRowsFor(after, planRemoveMeasure), BASE_METRIC)).toEqual([]);
  expect(openAtSavepoint(after).length).toBeGreaterThan(0);
  expect(rows.length).toBe(baseWhole.length);
});

it('SEMANTIC, change derived: every row fired after the restore has the new formula over the whole window', () => {
  expectNewDefinitionFromTheRestore('change_derived', planChangeDerived);
});

it('SEMANTIC, change a constant: every row fired after the restore has the new constant', () => {
  expectNewDefinitionFromTheRestore('change_constant', planChangeConstant);
});

it('SEMANTIC, change late policy: the same rows; late events after the restore go to the topic', () => {
  const result = restored.get('change_late')!;
  expect(rowDifferences(rowsOf(result, METRIC), baseWhole, BASE_METRIC)).toEqual([]);
  const lateIn = (part: readonly InputRecord[]) =>
    evaluate(planChangeLate, part, { now: Date.now(), catalog: CATALOG }).counts.late[METRIC] ?? 0;
  const lateAfter = lateIn(records) - lateIn(firstHalf);
  expect(lateAfter).toBeGreaterThan(0);
  expect(result.late.filter((l) => l.metric === METRIC)).toHaveLength(lateAfter);
});

it('PARTIAL, change sink: restores only with allowNonRestoredState; the windows keep their state in the new table', () => {
  const result = restored.get('change_sink')!;
  const rows = rowsOf(result, METRIC);
  const written = new Set(rowsOf(beforeSavepoint, METRIC).map((r) => windowOf(r)));
  // The new table has exactly the windows fired after the restore, each with its whole-stream value.
  expect(rows.map((r) => windowOf(r)).sort()).toEqual(
    baseWhole
      .map((r) => windowOf(r))
      .filter((w) => !written.has(w))
      .sort(),
  );
  expect(rowDifferences(rows, wholeStreamRowsFor(rows, planBase), BASE_METRIC)).toEqual([]);
  expect(openAtSavepoint(rows).length).toBeGreaterThan(0);
});

it('PARTIAL, remove metric: Flink refuses the restore unless told to drop its state; the other metric restores whole', () => {
  expect(refusedWithoutAllowNonRestored).toMatch(
    /allowNonRestoredState|Cannot map checkpoint\/savepoint state/,
  );
  expect(rowDifferences(rowsOf(metricRemoved, METRIC), baseWhole, BASE_METRIC)).toEqual([]);
  const [plan] = planJobs(
    new Map([['plan_demo', versions.get('difftest/jobs/plan_add_metric.ts')!]]),
    new Map([['plan_demo', versions.get('difftest/jobs/plan_base.ts')!]]),
  );
  expect(plan).toMatchObject({ class: 'PARTIAL', needsAllowNonRestoredState: true });
});

const trends = JOBS.get('meeting_trends_60s')!;

// `plan --verify-savepoint`: the base savepoint restored into an edited job on a MiniCluster with RocksDB, nothing
// read. The harness's recorded-input source and collectors (difftest.*) stand in for production's Kafka sources
// and sinks, so their saved state has no operator in the production graph: left out before holding the dry run
// against plan.
const DRY_RUN_TIMEOUT = 180_000;
const baseSavepoint = () => fs.readFileSync(path.join(work, 'base', 'savepoint.txt'), 'utf8').trim();

function dryRun(
  file: string,
  classes: string,
  job: Job,
): { report: DryRunReport; lines: string; ok: boolean } {
  const report = dryRunRestore(classes, javaClassOf(job), baseSavepoint(), () => {});
  const production = {
    ...report,
    unmatched: report.unmatched.filter((u) => !u.uid?.startsWith('difftest.')),
  };
  const [plan] = planJobs(
    new Map([['plan_demo', versions.get('difftest/jobs/plan_base.ts')!]]),
    new Map([['plan_demo', versions.get(file)!]]),
  );
  const { ok, lines } = verifyPlan(plan, versions.get(file)!.manifest, production);
  return { report: production, lines: lines.join('\n'), ok };
}

const windowUid = `metric.${METRIC}.window`;

it(
  'dry run, add measure: Flink restores the window state into the new accumulator (PARTIAL confirmed)',
  () => {
    const file = EDITS.add_measure.file;
    const { report, lines, ok } = dryRun(file, path.join(work, 'v-add_measure', 'classes'), planAddMeasure);
    expect(report.restore).toMatchObject({ ok: true });
    expect(report.operators.find((o) => o.uid === windowUid)).toMatchObject({
      inSavepoint: true,
      openedByDryRun: true,
    });
    expect(report.unmatched).toEqual([]);
    expect(ok).toBe(true);
    expect(lines).toContain('plan said PARTIAL: confirmed');
  },
  DRY_RUN_TIMEOUT,
);

it(
  'dry run, change sink: the old table sink state has no operator; plan said allowNonRestoredState (confirmed)',
  () => {
    const file = EDITS.change_sink.file;
    const { report, lines, ok } = dryRun(file, path.join(work, 'v-change_sink', 'classes'), planChangeSink);
    expect(report.restore.ok).toBe(true);
    expect(report.unmatched.map((u) => u.uid)).toContain(`metric.${METRIC}.sink.lake.plan_demo_30s`);
    expect(ok).toBe(true);
    expect(lines).toContain('(restore with allowNonRestoredState)');
  },
  DRY_RUN_TIMEOUT,
);

it(
  'dry run, change aggregation (count → sum, long → double): Flink refuses the accumulator (BREAKING confirmed)',
  () => {
    const file = 'difftest/jobs/plan_change_aggregation.ts';
    const classes = compileVersion(file, path.join(work, 'v-change_aggregation'));
    const { report, lines, ok } = dryRun(file, classes, planChangeAggregation);
    expect(report.restore.ok).toBe(false);
    expect(report.restore.failure).toMatch(/StateMigrationException|[Ii]ncompatible/);
    expect(ok).toBe(false);
    expect(lines).toContain('plan said BREAKING: confirmed, the savepoint does not restore');
  },
  DRY_RUN_TIMEOUT,
);

it(
  "dry run, meeting_trends_60s into itself: a sliding job's saved state (panes, presence, pre-aggregation, timers) is exactly what its manifest declares",
  () => {
    const dir = path.join(work, 'trends');
    const lake = path.join(dir, 'lake');
    fs.mkdirSync(dir);
    runHarness(dir, CATALOG, [
      runOf(trends, path.join(work, 'input.jsonl'), dir, lake, { stopWithSavepointAfter: split }),
    ]);
    fs.cpSync(lake, path.join(dir, 'lake-at-savepoint'), { recursive: true });
    const savepoint = fs.readFileSync(path.join(dir, 'savepoint.txt'), 'utf8').trim();
    const report = dryRunRestore(
      ensureJobJar(() => {}),
      javaClassOf(trends),
      savepoint,
      () => {},
    );
    const manifest = JSON.parse(
      fs.readFileSync(
        path.join(__dirname, '../../generated-java/manifests/meeting_trends_60s.state.json'),
        'utf8',
      ),
    ) as StateManifest;
    const production = {
      ...report,
      unmatched: report.unmatched.filter((u) => !u.uid?.startsWith('difftest.')),
    };
    expect(report.restore.ok).toBe(true);
    const window = report.operators.find((o) => o.uid === 'metric.meeting_trends_60s.window')!;
    expect(window.savedState).toEqual(expect.arrayContaining(['panes', 'presence.participants']));
    expect(stateDifferences(manifest, production)).toEqual([]);
    expect(production.unmatched).toEqual([]);
  },
  DRY_RUN_TIMEOUT,
);

it(
  'SEMANTIC, shorten presence TTL (meeting_trends_60s, 4 h → 2 min): windows after the restore count members by the new TTL',
  () => {
    // The savepoint of the dry-run test above, restored into the edited job through the harness.
    const base = path.join(work, 'trends');
    const outDir = path.join(work, 'shorter_ttl');
    fs.mkdirSync(outDir);
    const classes = compileVersion('difftest/jobs/plan_shorter_ttl.ts', path.join(work, 'v-shorter_ttl'));
    const lake = lakeAt(path.join(base, 'lake-at-savepoint'), path.join(base, 'lake'));
    runHarness(
      outDir,
      CATALOG,
      [runOf(planShorterTtl, path.join(work, 'input.jsonl'), outDir, lake, { restoreFromRunIn: base })],
      [classes],
    );
    const metric = { id: trends.id, key: 'meeting_id' };
    const rowsIn = (result: JvmResult) => rowsOf(result, trends.id);
    const before = rowsIn(readRun(base));
    const all = rowsIn(readRun(outDir));
    const fired = new Set(before.map((r) => windowOf(r)));
    const after = all.filter((r) => !fired.has(windowOf(r)));
    const oldWhole = byWindow(rowsOfEvaluation(trends, records, trends.id));
    const newWhole = byWindow(rowsOfEvaluation(planShorterTtl, records, trends.id));
    expect(
      rowDifferences(
        before,
        before.map((r) => oldWhole.get(windowOf(r))!),
        metric,
      ),
    ).toEqual([]);
    expect(all.map((r) => windowOf(r)).sort()).toEqual([...newWhole.keys()].sort());
    // A window starting two minutes (the new TTL) after the restore's watermark counts only members seen after it.
    const restoredAt = Math.max(...before.map((r) => Number(r.window_end)));
    const later = after.filter((r) => Number(r.window_start) >= restoredAt + 2 * 60_000 + 15_000);
    expect(later.length).toBeGreaterThan(0);
    expect(
      rowDifferences(
        later,
        later.map((r) => newWhole.get(windowOf(r))!),
        metric,
      ),
    ).toEqual([]);
    // The edit shows: members the old TTL kept count no more.
    expect(later.some((r) => r.participants !== oldWhole.get(windowOf(r))!.participants)).toBe(true);
  },
  DRY_RUN_TIMEOUT,
);
