// Adding a metric keeps the others' state: job restore_demo as first defined (restore_before.ts:
// meeting_metrics_30s) runs over the first half of a simulated stream and stops with a savepoint; the edited job
// (restore_after.ts: the same metric plus org_activity_30s), compiled from its own definition, restores from that
// savepoint and reads on. The untouched metric's rows across both
// runs must equal the reference evaluator over the whole stream — including windows open at the savepoint —
// and the new metric starts from nothing at the restore.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InputRecord, Row } from '../../evaluator';
import { evaluate } from '../../evaluator';
import restoreAfter from '../jobs/restore_after';
import restoreBefore from '../jobs/restore_before';
import { CATALOG, simulatedRecords } from './cases';
import {
  compileJobVersion,
  javaClassOf,
  lakeTablesOf,
  readRun,
  rowDifferences,
  runHarness,
  writeInput,
} from './harness';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-'));
const records: InputRecord[] = simulatedRecords(11, 8, 6);
const split = Math.floor(records.length / 2);
const rowsOf = (rows: readonly (Row & { metric: string })[], metric: string): Row[] =>
  rows.filter((r) => r.metric === metric).map(({ metric: _metric, ...row }) => row);

let after: ReturnType<typeof readRun>;
let before: ReturnType<typeof readRun>;

const compileVersion = (jobFile: string, dir: string): string => compileJobVersion(jobFile, dir).classes;

beforeAll(() => {
  // Both versions are the same job (class RestoreDemoJob), before and after the edit: each runs in its own JVM.
  const input = path.join(work, 'input.jsonl');
  writeInput(input, records);
  const lakeDir = path.join(work, 'lake');
  const beforeDir = path.join(work, 'before');
  const afterDir = path.join(work, 'after');
  fs.mkdirSync(beforeDir);
  fs.mkdirSync(afterDir);
  const beforeClasses = compileVersion('difftest/jobs/restore_before.ts', path.join(work, 'v1'));
  const afterClasses = compileVersion('difftest/jobs/restore_after.ts', path.join(work, 'v2'));
  runHarness(
    beforeDir,
    CATALOG,
    [
      {
        jobClass: javaClassOf(restoreBefore),
        input,
        outDir: beforeDir,
        lakeDir,
        tables: lakeTablesOf(restoreBefore),
        stopWithSavepointAfter: split,
      },
    ],
    [beforeClasses],
  );
  runHarness(
    afterDir,
    CATALOG,
    [
      {
        jobClass: javaClassOf(restoreAfter),
        input,
        outDir: afterDir,
        lakeDir,
        tables: lakeTablesOf(restoreAfter),
        restoreFromRunIn: beforeDir,
      },
    ],
    [afterClasses],
  );
  before = readRun(beforeDir);
  after = readRun(afterDir);
}, 600_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it('stops the first job with a savepoint halfway and resumes the second from the next record', () => {
  expect(fs.readFileSync(path.join(work, 'before', 'savepoint.txt'), 'utf8')).toMatch(/savepoint-/);
  expect(before.emitted).toBe(split);
  expect(after.emitted).toBe(records.length - split);
});

it('keeps the untouched metric’s state: its rows over both runs equal the evaluator over the whole stream', () => {
  const whole = evaluate(restoreBefore, records, { now: Date.now(), catalog: CATALOG }).rows.map(
    (r) => r.row,
  );
  expect(rowDifferences(rowsOf(after.rows, 'meeting_metrics_30s'), whole)).toEqual([]);

  // The proof needs windows that were open at the savepoint: windows with events on both sides of it.
  const evaluateRows = (part: InputRecord[]) =>
    evaluate(restoreBefore, part, { now: Date.now(), catalog: CATALOG }).rows.map((r) => r.row);
  const windowKey = (row: Row) => `${String(row.meeting_id)}@${String(row.window_start)}`;
  const firstHalf = new Set(evaluateRows(records.slice(0, split)).map(windowKey));
  const secondHalfOnly = evaluateRows(records.slice(split));
  const spanningKeys = new Set(secondHalfOnly.map(windowKey).filter((key) => firstHalf.has(key)));
  const spanning = whole.filter((row) => spanningKeys.has(windowKey(row)));
  expect(spanning.length).toBeGreaterThan(0);
  // Had the state been lost, those windows would hold only the second half's events: the comparison would fail.
  const lostState = secondHalfOnly.filter((row) =>
    spanning.some((s) => s.meeting_id === row.meeting_id && s.window_start === row.window_start),
  );
  expect(rowDifferences(lostState, spanning)).not.toEqual([]);
});

it('starts the added metric from the restore on', () => {
  const fromRestore = evaluate(restoreAfter, records.slice(split), {
    now: Date.now(),
    catalog: CATALOG,
  }).rows.filter((r) => r.metric === 'org_activity_30s');
  expect(fromRestore.length).toBeGreaterThan(0);
  expect(
    rowDifferences(
      rowsOf(after.rows, 'org_activity_30s'),
      fromRestore.map((r) => r.row),
      'org_id',
    ),
  ).toEqual([]);
});
