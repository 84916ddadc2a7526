// Differential tests (DESIGN §7): each event sequence goes through the reference evaluator and through the
// generated Flink job on a local MiniCluster (difftest/ harness, watermark after every event); the rows the job
// wrote to Parquet, read back, must equal the evaluator's rows (doubles within 1e-9), and the dead letters and
// late counts must match.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Job as JobIr } from '../../codegen/src/ir';
import type { Job } from '../../dsl';
import { job as defineJob, keyOf } from '../../dsl';
import type { Evaluation } from '../../evaluator';
import { evaluate, jobRowDifferences } from '../../evaluator';
import { JOBS } from '../../jobs';
import type { DiffCase } from './cases';
import { CATALOG, DIFFTEST_JOBS, differentialCases } from './cases';
import { committedIr, compileJob } from './compile-job';
import type { HarnessRun, JvmResult } from './harness';
import { javaClassOf, lakeTablesOf, readRun, runHarness, writeInput } from './harness';

const cases = differentialCases();
// DIFFTEST_ONLY=<job id>,… runs those jobs only, over every case (a quicker loop while working on one of them).
const only = process.env.DIFFTEST_ONLY?.split(',').filter((id) => id !== '');
const selected = (job: Job) => !only || only.includes(job.id);
const jobs = [...JOBS.values(), ...DIFFTEST_JOBS.map((d) => d.job)].filter(selected);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-'));
/** Each job's IR: how the generated job keys its rows, so rows are paired by each metric's own key. */
const irs = new Map<string, JobIr>();
const extraClasses: string[] = [];
const results = new Map<string, JvmResult>();
const expected = new Map<string, Evaluation>();
const runKey = (c: DiffCase, job: Job) => `${c.name}/${job.id}`;

beforeAll(() => {
  for (const job of JOBS.values()) irs.set(job.id, committedIr(job.id));
  for (const { job, file } of DIFFTEST_JOBS.filter((d) => selected(d.job))) {
    const compiled = compileJob(file, path.join(work, 'jobs', job.id));
    irs.set(job.id, compiled.ir);
    extraClasses.push(compiled.classes);
  }
  const runs: HarnessRun[] = [];
  for (const c of cases) {
    const input = path.join(work, `${c.name}.jsonl`);
    writeInput(input, c.records);
    for (const job of jobs) {
      runs.push({
        jobClass: javaClassOf(job),
        input,
        outDir: path.join(work, runKey(c, job)),
        tables: lakeTablesOf(job),
      });
      expected.set(runKey(c, job), evaluate(job, c.records, { now: Date.now(), catalog: CATALOG }));
    }
  }
  runHarness(work, CATALOG, runs, extraClasses);
  for (const run of runs) results.set(path.relative(work, run.outDir), readRun(run.outDir));
}, 900_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * An approxPercentile's sketch holds the same buckets on both sides, so its value must be the same double, not only
 * within the rows' 1e-9: every one of them, by metric, key and window.
 */
function sketchDifferences(jvm: JvmResult, reference: Evaluation, ir: JobIr): string[] {
  const differences: string[] = [];
  for (const metric of ir.metrics) {
    const sketches = metric.measures.filter(
      (m) => m.kind === 'activity' && m.aggregation === 'approxPercentile',
    );
    if (sketches.length === 0) continue;
    // window_end too: a cumulating metric's steps share their window_start.
    const id = (row: Record<string, unknown>) =>
      `${keyOf(metric.key, row)}@${String(row.window_start)}..${String(row.window_end)}`;
    const flink = new Map(jvm.rows.filter((r) => r.metric === metric.id).map((r) => [id(r), r]));
    for (const { row } of reference.rows.filter((r) => r.metric === metric.id))
      for (const m of sketches) {
        const theirs = flink.get(id(row))?.[m.name];
        if (!Object.is(theirs, row[m.name]))
          differences.push(
            `${metric.id} ${id(row)} ${m.name}: Flink ${String(theirs)}, evaluator ${String(row[m.name])}`,
          );
      }
  }
  return differences;
}

describe.each(cases.map((c) => [c.name, c] as const))('differential: %s', (_name, c) => {
  it.each(jobs.map((j) => [j.id, j] as const))(
    '%s: Flink rows, dead letters and late counts equal the reference evaluator',
    (_id, job) => {
      const jvm = results.get(runKey(c, job))!;
      const reference = expected.get(runKey(c, job))!;
      // A job with `having` may refuse every window of a small case; the others always write rows.
      const filters = job.metrics.some((m) => m.having !== null);
      if (!filters) expect(reference.rows.length).toBeGreaterThan(0);
      expect(jobRowDifferences(jvm.rows, reference.rows, irs.get(job.id)!.metrics)).toEqual([]);
      expect(sketchDifferences(jvm, reference, irs.get(job.id)!)).toEqual([]);
      const key = (d: { reason: string; topic: string; partition: number; offset: number }) =>
        `${d.reason} ${d.topic}/${d.partition}@${d.offset}`;
      const referenceDead = reference.deadLetters.map((d) => key({ reason: d.reason, ...d.record }));
      expect(jvm.deadLetters.map(key).sort()).toEqual(referenceDead.sort());
      for (const metric of job.metrics) {
        expect({ metric: metric.id, late: jvm.late.filter((l) => l.metric === metric.id).length }).toEqual({
          metric: metric.id,
          late: reference.counts.late[metric.id],
        });
      }
      // Refused rows write nothing: a table has files exactly when the evaluator kept some of its rows.
      const tables = lakeTablesOf(job);
      const tableOf = (file: string) => file.split('/')[1];
      expect([...new Set(jvm.files.map((f) => tableOf(f.path)))].sort()).toEqual(
        [...new Set(reference.rows.map((r) => tables[r.metric]))].sort(),
      );
      if (!filters) expect(jvm.files.length).toBeGreaterThan(0);
      for (const file of jvm.files) {
        expect(file.path).toMatch(/^metrics\/[a-z0-9_]+\/date=\d{4}-\d{2}-\d{2}\/[^.][^/]*\.parquet$/);
        expect(new Set(file.codecs)).toEqual(new Set(['SNAPPY']));
      }
    },
  );
});

const havingJob = DIFFTEST_JOBS.find((d) => d.file === 'difftest/jobs/having.ts')!.job;
(selected(havingJob) ? it : it.skip)(
  'having refuses some windows and keeps others, on the tumbling metric with presence and the sliding one',
  () => {
    const having = havingJob;
    const open = defineJob({ ...having, metrics: having.metrics.map((m) => ({ ...m, having: null })) });
    for (const metric of having.metrics) {
      let kept = 0;
      let all = 0;
      for (const c of cases) {
        kept += expected.get(runKey(c, having))!.rows.filter((r) => r.metric === metric.id).length;
        all += evaluate(open, c.records, { now: Date.now(), catalog: CATALOG }).rows.filter(
          (r) => r.metric === metric.id,
        ).length;
      }
      expect({ metric: metric.id, kept: kept > 0, refused: kept < all }).toEqual({
        metric: metric.id,
        kept: true,
        refused: true,
      });
    }
  },
);

(only ? it.skip : it)(
  'covers at least ten sequences, with thousands of seeded random events, every bad kind and late events',
  () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    const total = cases.reduce((n, c) => n + c.records.length, 0);
    expect(total).toBeGreaterThan(5_000);
    const reasons = new Set([...expected.values()].flatMap((e) => e.deadLetters.map((d) => d.reason)));
    expect(reasons.size).toBeGreaterThanOrEqual(10);
    expect([...expected.values()].some((e) => Object.values(e.counts.late).some((n) => n > 0))).toBe(true);
  },
);
