// `collab-stream deploy --upgrade` on the real cluster (issue #13): both jobs run; a third of a simulated stream
// is produced and consumed; meeting_metrics_30s is upgraded to a version with one more measure
// (e2e/jobs/meeting_metrics_30s_lag_reports.ts, PARTIAL); the second third; a second upgrade whose new job cannot
// start (an invalid setting) rolls back to the running version from its savepoint; the untouched job, never
// restarted by either, is rescaled 1 → 2 → 1 (stopped with a savepoint without draining, started again with
// `deploy --from-savepoint --parallelism n`), a sixth of the stream between; drain. Trino's rows must then equal
// the reference evaluator: the old definition for windows written before the savepoint, the new one after it (its
// new count covering what came after the savepoint in windows open at it), each (key, window_start) once; the
// untouched job's rows are exact across both rescales.
import type { S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
import type { Admin } from 'kafkajs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDeploy, runStop } from '../../cli/src/deploy';
import { runPlan } from '../../cli/src/plan';
import { generateAll } from '../../codegen/src/main';
import { FlinkRest } from '../../deploy/src/flink-rest';
import type { InputRecord, Row } from '../../evaluator';
import { evaluate, readJsonl, rowDifferences } from '../../evaluator';
import { createContext } from '../../infra/src/context';
import { runStackCommand } from '../../infra/src/main';
import { localS3Client } from '../../infra/src/s3client';
import { JOBS } from '../../jobs';
import { prepareMetricTables } from '../../query/src/lake-tables';
import { TrinoClient } from '../../query/src/trino';
import type { SchemaCatalog } from '../../schemas/src/catalog';
import { defaultCatalog } from '../../schemas/src/catalog';
import { DEFAULT_SIMULATION, planSimulation } from '../../simulator/src/plan';
import type { PlannedRecord } from '../../simulator/src/plan';
import { ensureTopics, produce } from '../../simulator/src/produce';
import { registerSimulationSchemas } from '../../simulator/src/registry';
import upgradedJob from '../jobs/meeting_metrics_30s_lag_reports';
import { keyOf } from '../../dsl';
import { buildJobJar } from '../src/job-jar';
import { tableRows } from '../src/trino-rows';
import {
  cancelJobs,
  deployJobs,
  drainJobs,
  endpoints,
  jobArguments,
  resetPipeline,
  runningInstance,
  sourceTopics,
  waitUntilConsumed,
} from '../src/pipeline';

const log = (m: string) => process.stdout.write(`${m}\n`);
const ctx = createContext(log);
const e = endpoints(ctx.config);
const jobs = [...JOBS.values()];
const upgraded = JOBS.get('meeting_metrics_30s')!;
const untouched = JOBS.get('meeting_trends_60s')!;
const METRIC = upgraded.metrics[0]!;
const NEW_MEASURE = 'lag_reports';
const flink = new FlinkRest(e.flinkUrl);
const trino = new TrinoClient({ server: e.trinoUrl, catalog: 'lake', schema: 'metrics', user: 'collab-e2e' });
const kafka = new Kafka({
  ...kafkaSecurityFromEnv(),
  clientId: 'collab-upgrade',
  brokers: [e.bootstrap],
  logLevel: logLevel.WARN,
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-upgrade-'));
const args = jobArguments(e, 3_000);
const now = Date.now();
const PARTITIONS = 3;

let admin: Admin;
let s3: S3Client;
let catalog: SchemaCatalog;
const ledgers: string[] = [];
const outputs: string[] = [];
let untouchedId = '';

beforeAll(async () => {
  expect(await runStackCommand(['up'])).toBe(0);
  admin = kafka.admin();
  await admin.connect();
  s3 = localS3Client(ctx.config);
}, 1_500_000);

afterAll(async () => {
  await cancelJobs(flink, jobs).catch(() => undefined);
  await admin?.disconnect();
  s3?.destroy();
  if (process.env.KEEP_WORK !== '1') fs.rmSync(work, { recursive: true, force: true });
}, 180_000);

async function producePart(records: readonly PlannedRecord[], name: string): Promise<void> {
  const ledgerFile = path.join(work, `${name}.jsonl`);
  ledgers.push(ledgerFile);
  const result = await produce(records, {
    brokers: [e.bootstrap],
    topics: sourceTopics(jobs),
    partitions: PARTITIONS,
    replicationFactor: 1,
    rate: 4_000,
    batchSize: 500,
    ledgerFile,
  });
  expect(result.sent).toBe(records.length);
  await waitUntilConsumed(admin, jobs, 600_000, log);
}

async function deploy(argv: string[]): Promise<number> {
  let out = '';
  const code = await runDeploy(argv, { out: (text) => ((out += `${text}\n`), log(text)) });
  outputs.push(out);
  return code;
}

const readLedger = (file: string): readonly InputRecord[] => readJsonl(fs.readFileSync(file, 'utf8'), file);
const windowOf = (row: Row) => `${keyOf(METRIC.key, row)}@${String(row.window_start)}`;

describe('deploy --upgrade on the real cluster', () => {
  let jar = '';
  it('upgrades one job mid-stream, rolls a failing upgrade back, and leaves the other job alone', async () => {
    await resetPipeline(jobs, e, { flink, admin, s3 });
    jar = buildJobJar('e2e/jobs/meeting_metrics_30s_lag_reports.ts', path.join(work, 'generated-java'), log);
    const registered = await registerSimulationSchemas(e.registryUrl, defaultCatalog());
    catalog = registered.catalog;
    await ensureTopics(kafka, sourceTopics(jobs), PARTITIONS, 1);
    await deployJobs(jobs, args, e.flinkUrl, { out: log });
    untouchedId = await runningInstance(flink, untouched);

    const records = [
      ...planSimulation(
        {
          ...DEFAULT_SIMULATION,
          seed: 1313,
          start: now - 30 * 60_000,
          end: now,
          now,
          meetingsPerMinute: 6,
          // At 4 000 records/s a second of wall clock is two minutes of event time: the producer's lanes (one per
          // partition) drift apart by seconds, which moves the Kafka sources' per-partition watermark against the
          // ledger's order. Ten minutes late stays late whatever the drift (the exactly-once test, which restarts
          // from a backlog at parallelism 2, uses 35 minutes).
          lateByMs: 10 * 60_000,
        },
        registered.schemas,
      ),
    ];
    const third = Math.floor(records.length / 3);
    await producePart(records.slice(0, third), 'a');

    expect(await deploy([upgraded.id, '--upgrade', '--jar', jar, '--flink', e.flinkUrl, '--', ...args])).toBe(
      0,
    );
    expect(outputs[0]).toMatch(new RegExp(`PARTIAL +${METRIC.id}\\.${NEW_MEASURE}`));
    await producePart(records.slice(third, 2 * third), 'b');

    // The same jar again, with a setting its main() rejects: the cluster refuses it, the running version returns.
    const badArgs = jobArguments(e, 0);
    expect(
      await deploy([upgraded.id, '--upgrade', '--jar', jar, '--flink', e.flinkUrl, '--', ...badArgs]),
    ).toBe(1);
    expect(outputs[1]).toContain('the cluster refused to start it');
    expect(outputs[1]).toContain(`rolled back: ${upgraded.id} runs the old version again`);
    const rolledBack = await runningInstance(flink, upgraded);
    expect((await flink.userConfig(rolledBack))['collab.arg.checkpoint.interval-ms']).toBe('3000');

    expect(await runningInstance(flink, untouched)).toBe(untouchedId);
    expect(await flink.restarts(untouchedId)).toBe(0);

    // The operator's path for a stopped job, which is also how a job is rescaled: stop the untouched job mid-stream
    // without draining (its windows and presence stay open in the savepoint), then `deploy --from-savepoint` at
    // another parallelism — 1 → 2, and after more records 2 → 1. Its rows over the whole stream being exact (below)
    // prove that state came back and was redistributed over the key groups both times.
    const rescale = async (parallelism: number) => {
      const before = await runningInstance(flink, untouched);
      let stopped = '';
      const out = (text: string) => ((stopped += `${text}\n`), log(text));
      expect(await runStop([untouched.id, '--savepoint', '--no-drain', '--flink', e.flinkUrl], { out })).toBe(
        0,
      );
      const savepoint = /^savepoint: (s3:\/\/\S+)$/m.exec(stopped)![1]!;
      const scale = ['--parallelism', String(parallelism)];
      expect(
        await deploy([
          untouched.id,
          '--from-savepoint',
          savepoint,
          ...scale,
          '--flink',
          e.flinkUrl,
          '--',
          ...args,
        ]),
      ).toBe(0);
      const restored = await runningInstance(flink, untouched);
      expect(restored).not.toBe(before);
      expect((await flink.checkpoints(restored)).restoredPath).toBe(savepoint);
      expect(await flink.parallelism(restored)).toBe(parallelism);
    };
    const sixth = Math.floor((records.length - 2 * third) / 2);
    await rescale(2);
    await producePart(records.slice(2 * third, 2 * third + sixth), 'c');
    await rescale(1);
    await producePart(records.slice(2 * third + sixth), 'd');
    await drainJobs(jobs, e.flinkUrl, { out: log });
  }, 1_800_000);

  it(`${upgraded.id}: the old definition before the savepoint, the new one after it, each window once`, async () => {
    // Trino gets the new column the way an operator adds it: the table re-created from the new DDL (external
    // data stays); Parquet columns are read by name, so files written before the upgrade read it as NULL.
    const ddl = generateAll([path.resolve('e2e/jobs/meeting_metrics_30s_lag_reports.ts')])
      .files.get(`ddl/metrics.${METRIC.id}.sql`)!
      .replace(/^--.*\n/gm, '')
      .replaceAll('${LAKE_PATH}', e.lakePath)
      .trim()
      .replace(/;$/, '');
    await trino.query(`DROP TABLE IF EXISTS metrics.${METRIC.id}`);
    await trino.query(ddl);
    await prepareMetricTables(trino, e.lakePath);

    const whole = ledgers.flatMap(readLedger);
    const first = readLedger(ledgers[0]!);
    const rowsOf = (part: readonly InputRecord[], job = upgradedJob) =>
      new Map(
        evaluate(job, part, { now: Date.now(), catalog })
          .rows.filter((r) => r.metric === METRIC.id)
          .map((r) => [windowOf(r.row), r.row] as const),
      );
    const oldWhole = rowsOf(whole, upgraded);
    const newWhole = rowsOf(whole);
    const newFirst = rowsOf(first);

    const rows = await tableRows(trino, 'metrics', METRIC.id);
    const before = rows.filter((r) => r[NEW_MEASURE] === null);
    const after = rows.filter((r) => r[NEW_MEASURE] !== null);
    expect(before.length).toBeGreaterThan(50);
    expect(after.length).toBeGreaterThan(50);
    const withoutNew = ({ [NEW_MEASURE]: _n, ...row }: Row) => row;
    expect(
      rowDifferences(
        before.map(withoutNew),
        before.map((r) => oldWhole.get(windowOf(r))!),
        METRIC,
      ),
    ).toEqual([]);
    const count = (rows: ReadonlyMap<string, Row>, w: string) => Number(rows.get(w)?.[NEW_MEASURE] ?? 0);
    const afterWanted = after.map((r) => {
      const w = windowOf(r);
      return { ...newWhole.get(w)!, [NEW_MEASURE]: count(newWhole, w) - count(newFirst, w) };
    });
    expect(rowDifferences(after, afterWanted, METRIC)).toEqual([]);
    // Windows open at the savepoint with lag reports before it: a restore that kept them would differ here.
    expect(after.filter((r) => count(newFirst, windowOf(r)) > 0).length).toBeGreaterThan(0);
    expect(rows.map(windowOf).sort()).toEqual([...newWhole.keys()].sort());
  }, 300_000);

  it(`${untouched.id}: exact over the whole stream`, async () => {
    const whole = ledgers.flatMap(readLedger);
    const metric = untouched.metrics[0]!;
    const wanted = evaluate(untouched, whole, { now: Date.now(), catalog })
      .rows.filter((r) => r.metric === metric.id)
      .map((r) => r.row);
    const table = metric.sinks.find((s) => s.kind === 'lake-table');
    if (table?.kind !== 'lake-table') throw new Error(`${metric.id} writes no lake table`);
    const rows = await tableRows(trino, table.schema, table.table);
    expect(wanted.length).toBeGreaterThan(100);
    expect(rowDifferences(rows, wanted, metric)).toEqual([]);
  }, 300_000);

  it('plan --verify-savepoint: the cluster savepoint of the first upgrade restores into the new version (PARTIAL confirmed)', async () => {
    // A production savepoint on S3 (Kafka source splits, RocksDB window state, sink state), copied locally and
    // restored into the new jar on a MiniCluster, nothing read: Flink's answer held against plan's.
    const savepoint = /savepoint: (s3:\/\/\S+)/.exec(outputs[0]!)![1]!;
    let out = '';
    const code = await runPlan(
      [
        '--manifests',
        path.resolve('generated-java'),
        '--verify-savepoint',
        savepoint,
        '--jar',
        jar,
        'e2e/jobs/meeting_metrics_30s_lag_reports.ts',
      ],
      { out: (text) => (out += `${text}\n`), err: log },
    );
    log(out);
    expect(out).toContain('every task restored and running');
    for (const topic of sourceTopics([upgraded]))
      expect(out).toMatch(new RegExp(`restored +source\\.${topic} `));
    expect(out).toMatch(new RegExp(`restored +metric\\.${METRIC.id}\\.window `));
    expect(out).toContain('plan said PARTIAL: confirmed');
    expect(code).toBe(0);
  }, 300_000);
});
