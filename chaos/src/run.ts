// One campaign run on the local stack: both jobs at parallelism 2, simulated traffic (with bad and late records),
// the planned faults injected while it streams, a drain, then every output checked against the reference
// evaluator over the producer's ledger. The result is data (counts and the first differences), not assertions:
// the campaign writes it to its report and the stack test asserts on it.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Admin, Kafka } from 'kafkajs';
import fs from 'node:fs';
import path from 'node:path';
import type { FlinkRest } from '../../deploy/src/flink-rest';
import type { Job } from '../../dsl';
import type { Evaluation, Row } from '../../evaluator';
import { evaluate, readJsonl, rowDifferences } from '../../evaluator';
import type { RowIdentity } from '../../evaluator/src/row-diff';
import type { KeySpec } from '../../dsl';
import { keyOf } from '../../dsl';
import { readTopic } from '../../e2e/src/kafka';
import type { Endpoints } from '../../e2e/src/pipeline';
import {
  cancelJobs,
  committedFile,
  ledgerEntry,
  deployJobs,
  lateCounters,
  drainJobs,
  jobArguments,
  lakeTablesOf,
  resetPipeline,
  runningInstance,
  sourceTopics,
  waitUntilConsumed,
} from '../../e2e/src/pipeline';
import { fromTrino } from '../../e2e/src/trino-rows';
import { waitFor } from '../../infra/src/probe';
import type { StackContext } from '../../infra/src/service';
import { prepareMetricTables } from '../../query/src/lake-tables';
import type { TrinoClient } from '../../query/src/trino';
import type { PlannedRecord } from '../../simulator/src/plan';
import { DEFAULT_SIMULATION, planSimulation } from '../../simulator/src/plan';
import { produce } from '../../simulator/src/produce';
import { registerSimulationSchemas } from '../../simulator/src/registry';
import { ensureTopics } from '../../simulator/src/produce';
import { defaultCatalog } from '../../schemas/src/catalog';
import type { PlannedFault } from './faults';
import type { InjectedFault } from './inject';
import type { LakeVolume } from './lake-volume';
import { healCluster, injectFault } from './inject';
import type { WatermarkWait } from './watermarks';
import { planTail, waitUntilLateForFlink } from './watermarks';

export const PARTITIONS = 6;
export const PARALLELISM = 2;
const RATE = 3_000;

export interface RunClients {
  readonly ctx: StackContext;
  readonly e: Endpoints;
  readonly flink: FlinkRest;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly s3: S3Client;
  readonly trino: TrinoClient;
  /** The job jar every deployment of the campaign uses. */
  readonly jar: string;
  /** The lake bucket's own filesystem, attached by the campaign when lake-disk-full may be planned. */
  readonly lakeVolume?: LakeVolume;
  readonly log: (text: string) => void;
}

/** What one output held against what the evaluator says it must hold. */
export interface OutputCheck {
  readonly output: string;
  readonly expected: number;
  readonly got: number;
  /** Expected (key, window) rows, records or events that are absent. */
  readonly lost: number;
  /** Present more than once. */
  readonly duplicated: number;
  /** Present but not expected, or with other values. */
  readonly wrong: number;
  /**
   * Exact copies a restore from an older checkpoint wrote again to a topic (its later transactions were committed:
   * at least once there), left out before the comparison. Absent where every record must be there exactly once.
   */
  readonly redelivered?: number;
  readonly firstDifferences: readonly string[];
}

/** The first of each set of identical records, and how many copies were left out. */
function withoutCopies(records: readonly string[]): { once: string[]; copies: number } {
  const once = [...new Set(records)];
  return { once, copies: records.length - once.length };
}

export interface RunReport {
  readonly seed: number;
  readonly records: number;
  readonly faults: readonly InjectedFault[];
  readonly restarts: Readonly<Record<string, number>>;
  /** Per job, how far its watermark was from making the late records late when they were due (then waited for). */
  readonly watermarkWaits?: readonly WatermarkWait[];
  readonly checks: readonly OutputCheck[];
  /** Objects under the lake prefixes that are not committed part files (in-progress, pending, orphans). */
  readonly uncommittedFiles: readonly string[];
  readonly elapsedMs: number;
  readonly ok: boolean;
  /** Why the run could not finish (a fault the stack did not recover from, a timeout): then it is not ok. */
  readonly error?: string;
}

const windowId = (row: Row, key: KeySpec) =>
  `${keyOf(key, row)}@${String(row.window_start)}..${String(row.window_end)}`;

/** Multiset comparison by identity: lost, duplicated and unexpected identities. */
function compareIds(output: string, got: readonly string[], want: readonly string[]): OutputCheck {
  const count = (ids: readonly string[]) => {
    const m = new Map<string, number>();
    for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
    return m;
  };
  const [g, w] = [count(got), count(want)];
  const lost = [...w.keys()].filter((id) => !g.has(id));
  const duplicated = [...g].filter(([id, n]) => n > (w.get(id) ?? 1)).map(([id]) => id);
  const wrong = [...g.keys()].filter((id) => !w.has(id));
  return {
    output,
    expected: want.length,
    got: got.length,
    lost: lost.length,
    duplicated: duplicated.length,
    wrong: wrong.length,
    firstDifferences: [
      ...lost.slice(0, 5).map((id) => `lost ${id}`),
      ...duplicated.slice(0, 5).map((id) => `duplicated ${id}`),
      ...wrong.slice(0, 5).map((id) => `unexpected ${id}`),
    ],
  };
}

/** Rows paired by (key, window_start): identities as above, values through rowDifferences. */
function compareRows(output: string, got: readonly Row[], want: readonly Row[], metric: RowIdentity) {
  const ids = compareIds(
    output,
    got.map((r) => windowId(r, metric.key)),
    want.map((r) => windowId(r, metric.key)),
  );
  const valueDifferences = rowDifferences(got, want, metric).filter((d) => / flink .*, evaluator /.test(d));
  return {
    ...ids,
    wrong: ids.wrong + valueDifferences.length,
    firstDifferences: [...ids.firstDifferences, ...valueDifferences.slice(0, 5)],
  };
}

async function lakeKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(listed.Contents ?? []).map((o) => o.Key!));
    token = listed.IsTruncated ? listed.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function checkOutputs(
  jobs: readonly Job[],
  expected: ReadonlyMap<string, Evaluation>,
  lateCounted: ReadonlyMap<string, number | undefined>,
  c: RunClients,
  topicsAtLeastOnce: boolean,
): Promise<OutputCheck[]> {
  const checks: OutputCheck[] = [];
  /** A topic's records, each once when the run restored an older checkpoint (then with the copies counted). */
  const topicRecords = (records: readonly string[]) => {
    if (!topicsAtLeastOnce) return { records, extra: {} };
    const { once, copies } = withoutCopies(records);
    return { records: once, extra: { redelivered: copies } };
  };
  await prepareMetricTables(c.trino, c.e.lakePath);
  for (const job of jobs) {
    const evaluation = expected.get(job.id)!;
    for (const metric of job.metrics) {
      const wanted = evaluation.rows.filter((r) => r.metric === metric.id).map((r) => r.row);
      for (const sink of metric.sinks) {
        if (sink.kind === 'lake-table') {
          // The metric's columns only: the table may hold columns of another version of the job (the upgrade
          // test adds one), which this job's files do not have.
          const columns = Object.keys(wanted[0] ?? {}).map((name) => `"${name}"`);
          const result = await c.trino.query(
            `SELECT ${columns.join(', ') || '*'} FROM ${sink.schema}.${sink.table}`,
          );
          const rows = result.rows.map((r) => fromTrino(result.columns, r));
          checks.push(compareRows(`lake ${sink.schema}.${sink.table}`, rows, wanted, metric));
        } else {
          const live = topicRecords(
            (await readTopic(c.kafka, sink.topic)).map((r) => r.value!.toString('utf8')),
          );
          const rows = live.records.map((text) => JSON.parse(text) as Row);
          checks.push({ ...compareRows(`live topic ${sink.topic}`, rows, wanted, metric), ...live.extra });
        }
      }
      if (metric.late.policy === 'side-output') {
        const got = topicRecords(
          (await readTopic(c.kafka, metric.late.topic)).map((r) => r.value!.toString('base64')),
        );
        const want = evaluation.late
          .filter((l) => l.metric === metric.id)
          .map((l) => Buffer.from(l.record.bytes!).toString('base64'));
        checks.push({ ...compareIds(`late topic ${metric.late.topic}`, got.records, want), ...got.extra });
      } else {
        const want = evaluation.counts.late[metric.id] ?? 0;
        const counted = lateCounted.get(metric.id) ?? 0;
        checks.push({
          output: `late counter of ${metric.id}`,
          expected: want,
          got: counted,
          lost: Math.max(0, want - counted),
          duplicated: Math.max(0, counted - want),
          wrong: 0,
          firstDifferences: counted === want ? [] : [`counted ${counted}, evaluator ${want}`],
        });
      }
    }
  }
  const id = (reason: unknown, topic: unknown, partition: unknown, offset: unknown, job: unknown) =>
    `${String(job)} ${String(reason)} ${String(topic)}/${String(partition)}@${String(offset)}`;
  const letters = topicRecords(
    (await readTopic(c.kafka, jobs[0]!.deadLetterTopic)).map((l) =>
      id(
        l.headers['collab.dlq.reason'],
        l.headers['collab.dlq.topic'],
        l.headers['collab.dlq.partition'],
        l.headers['collab.dlq.offset'],
        l.headers['collab.dlq.job'],
      ),
    ),
  );
  checks.push({
    ...compareIds(
      `dead letters ${jobs[0]!.deadLetterTopic}`,
      letters.records,
      jobs.flatMap((job) =>
        expected
          .get(job.id)!
          .deadLetters.map((d) => id(d.reason, d.record.topic, d.record.partition, d.record.offset, job.id)),
      ),
    ),
    ...letters.extra,
  });
  return checks;
}

/** One run: reset, deploy, stream with faults, recover, drain, check. */
export async function runOnce(
  jobs: readonly Job[],
  seed: number,
  faults: readonly PlannedFault[],
  c: RunClients,
  workDir: string,
): Promise<RunReport> {
  const started = Date.now();
  const { log } = c;
  log(`chaos run ${seed}: ${faults.map((f) => `${f.kind}@${f.atFraction}`).join(', ') || 'no faults'}`);
  // A job an earlier run left stuck (cancelling, restarting without slots) is the cluster's to heal, not a failure.
  await cancelJobs(c.flink, jobs).catch((error: Error) => log(`chaos: cancelling: ${error.message}`));
  await healCluster(c.ctx, c.flink, log);
  await resetPipeline(jobs, c.e, c);
  const registered = await registerSimulationSchemas(c.e.registryUrl, defaultCatalog());
  await ensureTopics(c.kafka, sourceTopics(jobs), PARTITIONS, 1);
  const args = jobArguments(c.e, 5_000);
  await deployJobs(jobs, args, c.e.flinkUrl, { out: log }, PARALLELISM, c.jar);

  const now = Date.now();
  const simulation = {
    ...DEFAULT_SIMULATION,
    seed,
    meetingsPerMinute: 4,
    lateProbability: 0.003,
    lateByMs: 10 * 60_000,
    badProbability: 0.002,
  };
  const records = [
    ...planSimulation({ ...simulation, start: now - 60 * 60_000, end: now, now }, registered.schemas),
  ];
  // Late records go last, once the faults are over and the jobs have caught up: after a restart the source
  // subtasks read the backlog at their own pace, tens of minutes of this compressed event time apart, so a record
  // held back by a fixed time could be on time for Flink and late in ledger order. At the end of the stream, once
  // every job's watermark has passed their windows (watermarks.ts), it is late for both, whatever happened before.
  const onTime = records.filter((r) => r.expect.kind !== 'late');
  const late = records.filter((r) => r.expect.kind === 'late');
  const ledgerFiles = [
    path.join(workDir, `ledger-${seed}.jsonl`),
    path.join(workDir, `ledger-${seed}-tail.jsonl`),
    path.join(workDir, `ledger-${seed}-tail-2.jsonl`),
    path.join(workDir, `ledger-${seed}-late.jsonl`),
  ];
  let sent = 0;
  const injected: InjectedFault[] = [];
  const target = { ...c, jobs, jobArgs: args, parallelism: PARALLELISM };
  const injecting = (async () => {
    for (const fault of faults) {
      await waitFor(
        `${Math.round(fault.atFraction * 100)} % of the records`,
        900_000,
        async () => sent >= fault.atFraction * onTime.length || undefined,
      );
      injected.push(await injectFault(fault, target, sent));
    }
  })();
  const producing = (part: readonly PlannedRecord[], ledgerFile: string) =>
    produce(part, {
      brokers: [c.e.bootstrap],
      topics: sourceTopics(jobs),
      partitions: PARTITIONS,
      replicationFactor: 1,
      rate: RATE,
      batchSize: 500,
      ledgerFile,
      // A broker restart takes it away for up to half a minute: retry until it is back (kafkajs warns that fewer
      // retries could break the idempotent producer's guarantees); the run's own timeouts bound the wait.
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
      onProgress: (n) => {
        sent = n;
      },
    });
  const [faultResult, produceResult] = await Promise.allSettled([
    injecting,
    // Progress is reported every 2 s: the final count lets the last planned faults start if it came first.
    producing(onTime, ledgerFiles[0]!).then((result) => ((sent = result.sent), result)),
  ]);
  if (produceResult.status === 'rejected') throw produceResult.reason as Error;
  sent = produceResult.value.sent;
  if (faultResult.status === 'rejected') throw faultResult.reason as Error;

  const caughtUp = async () => {
    for (const job of jobs) {
      await waitFor(`${job.id} to run with every task`, 300_000, async () => {
        const id = await runningInstance(c.flink, job).catch(() => undefined);
        return id && (await c.flink.vertexStates(id)).every((st) => st === 'RUNNING') ? true : undefined;
      });
    }
    await waitUntilConsumed(c.admin, jobs, 900_000, log);
  };
  await caughtUp();
  // A tail first: a job restored from a checkpoint taken while a partition held its watermark back has, with its
  // input all read, neither a watermark nor a floor past the late records' windows until events come (run 937
  // waited 5 minutes for it). A second one, just after it in event time, wakes the partitions again if waiting for
  // the watermark let them turn idle.
  const topics = sourceTopics(jobs);
  const tail = planTail(simulation, now, topics, PARTITIONS, registered.schemas);
  const after = Math.max(...tail.map((r) => r.eventTime)) + 5_000;
  const secondTail = planTail(
    { ...simulation, seed: seed + 1 },
    after,
    topics,
    PARTITIONS,
    registered.schemas,
  );
  await producing(tail, ledgerFiles[1]!);
  const watermarkWaits = await waitUntilLateForFlink(c.flink, jobs, late, log);
  await producing(secondTail, ledgerFiles[2]!);
  await producing(late, ledgerFiles[3]!);
  await caughtUp();
  const ledgerText = ledgerFiles.map((f) => fs.readFileSync(f, 'utf8')).join('');
  const ledger = readJsonl(ledgerText, ledgerFiles[0]!);
  const expected = new Map(
    jobs.map((job) => [job.id, evaluate(job, ledger, { now: Date.now(), catalog: registered.catalog })]),
  );
  const lateCounted = new Map<string, number | undefined>();
  const restarts: Record<string, number> = {};
  for (const job of jobs) {
    const instance = await runningInstance(c.flink, job);
    restarts[job.id] = await c.flink.restarts(instance);
    const counted = await lateCounters(
      c.flink,
      instance,
      job,
      (id) => expected.get(job.id)!.counts.late[id] ?? 0,
    );
    for (const [id, n] of counted) lateCounted.set(id, n);
  }
  await drainJobs(jobs, c.e.flinkUrl, { out: log });

  const checks = await checkOutputs(
    jobs,
    expected,
    lateCounted,
    c,
    faults.some((f) => f.kind === 'restore-older-checkpoint'),
  );
  const uncommittedFiles: string[] = [];
  for (const t of lakeTablesOf(jobs)) {
    for (const key of await lakeKeys(c.s3, c.e.lakeBucket, `${t.schema}/${t.table}/`))
      if (
        !committedFile(t.schema, t.table).test(key) &&
        !ledgerEntry(t.schema, t.table).test(key) &&
        // A directory marker, not a file: S3A leaves one when a withdrawal deletes a date's last part file.
        !key.endsWith('/')
      )
        uncommittedFiles.push(key);
  }
  const ok =
    uncommittedFiles.length === 0 &&
    checks.every((k) => k.lost + k.duplicated + k.wrong === 0 && k.expected > 0);
  const report = {
    seed,
    records: records.length + tail.length + secondTail.length,
    faults: injected,
    restarts,
    watermarkWaits,
    checks,
    uncommittedFiles,
    elapsedMs: Date.now() - started,
    ok,
  };
  log(`chaos run ${seed}: ${ok ? 'OK' : 'FAILED'} in ${(report.elapsedMs / 1000).toFixed(0)} s`);
  return report;
}
