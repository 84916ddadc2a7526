// The whole pipeline on the local stack, as the demo and the end-to-end test drive it: where everything is, which
// topics and lake prefixes belong to the jobs, deploying and draining the jobs, and waiting until they have
// consumed everything that was produced.
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Admin } from 'kafkajs';
import { runDeploy, runningJobId, runStop } from '../../cli/src/deploy';
import type { FlinkRest } from '../../deploy/src/flink-rest';
import type { Job } from '../../dsl';
import type { StackConfig } from '../../infra/src/config';
import { waitFor } from '../../infra/src/probe';
import { deleteGroups, deleteTopics, uncommitted } from './kafka';

export interface Endpoints {
  readonly bootstrap: string;
  readonly registryUrl: string;
  readonly lakeBucket: string;
  readonly lakePath: string;
  readonly flinkUrl: string;
  readonly trinoUrl: string;
  readonly prometheusUrl: string;
}

export function endpoints(config: StackConfig): Endpoints {
  const host = config.host;
  return {
    bootstrap: `${host}:${config.kafka.port}`,
    registryUrl: `http://${host}:${config.registry.port}/apis/ccompat/v7`,
    lakeBucket: config.trino.lakeBucket,
    lakePath: `s3://${config.trino.lakeBucket}`,
    flinkUrl: `http://${host}:${config.flink.restPort}`,
    trinoUrl: `${config.secure ? 'https' : 'http'}://${host}:${config.trino.port}`,
    prometheusUrl: `http://${host}:${config.prometheus.port}`,
  };
}

/** The arguments every job gets on the local stack (runtime/CONTEXT.md lists them). */
export function jobArguments(e: Endpoints, checkpointIntervalMs: number): string[] {
  return [
    `--kafka.bootstrap=${e.bootstrap}`,
    `--schema-registry.url=${e.registryUrl}`,
    `--lake.path=${e.lakePath}`,
    `--checkpoint.interval-ms=${checkpointIntervalMs}`,
  ];
}

export const sourceTopics = (jobs: readonly Job[]): string[] => [
  ...new Set(jobs.flatMap((j) => j.sources.map((s) => s.topic))),
];

/** Every topic the jobs read or write: sources, dead letters, live rows, late side outputs. */
export function pipelineTopics(jobs: readonly Job[]): string[] {
  const written = jobs.flatMap((j) => [
    j.deadLetterTopic,
    ...j.metrics.flatMap((m) => [
      ...m.sinks.flatMap((s) => (s.kind === 'live-topic' ? [s.topic] : [])),
      ...(m.late.policy === 'side-output' ? [m.late.topic] : []),
    ]),
  ]);
  return [...new Set([...sourceTopics(jobs), ...written])];
}

/** A committed part file of a lake table; in-progress and pending files are hidden (their names start with a dot). */
export const committedFile = (schema: string, table: string): RegExp =>
  new RegExp(`${schema}/${table}/date=\\d{4}-\\d{2}-\\d{2}/[^/._][^/]*\\.parquet$`);

/**
 * An entry of a lake table's commit ledger (runtime LakeCommitLedger): `<checkpoint>.<subtask>.<uuid>.txt`, or the
 * empty directory marker Flink's S3 file system leaves when it deleted the last entry.
 */
export const ledgerEntry = (schema: string, table: string): RegExp =>
  new RegExp(`${schema}/${table}/_commit_ledger/(\\d+\\.\\d+\\.[0-9a-f-]+\\.txt)?$`);

export const lakeTablesOf = (jobs: readonly Job[]) =>
  jobs.flatMap((j) => j.metrics.flatMap((m) => m.sinks.flatMap((s) => (s.kind === 'lake-table' ? [s] : []))));

/** The Kafka consumer group of a generated job (its default `kafka.group-id`). */
export const consumerGroupOf = (job: Job) => `collab-${job.id}`;

export async function deleteLakePrefix(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) return deleted;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
    deleted += keys.length;
  }
}

const ACTIVE = new Set(['RUNNING', 'RESTARTING', 'CREATED', 'INITIALIZING', 'CANCELLING', 'FAILING']);

/** Cancels the jobs' running instances (no savepoint: a reset throws their state away). */
export async function cancelJobs(flink: FlinkRest, jobs: readonly Job[]): Promise<void> {
  const names = new Set(jobs.map((j) => j.id));
  const active = (await flink.jobs()).filter((j) => names.has(j.name) && ACTIVE.has(j.state));
  for (const j of active) if (j.state !== 'CANCELLING') await flink.cancel(j.id);
  for (const j of active) {
    await waitFor(`${j.name} (${j.id}) to stop`, 120_000, async () =>
      ACTIVE.has(await flink.jobState(j.id)) ? undefined : true,
    );
  }
}

/**
 * Throws away what a previous run left: cancels the jobs, deletes their topics, consumer groups and lake prefixes,
 * so that what follows starts from empty.
 */
export async function resetPipeline(
  jobs: readonly Job[],
  e: Endpoints,
  clients: { readonly flink: FlinkRest; readonly admin: Admin; readonly s3: S3Client },
): Promise<void> {
  await cancelJobs(clients.flink, jobs);
  await deleteTopics(clients.admin, pipelineTopics(jobs));
  await deleteGroups(clients.admin, jobs.map(consumerGroupOf));
  for (const t of lakeTablesOf(jobs))
    await deleteLakePrefix(clients.s3, e.lakeBucket, `${t.schema}/${t.table}/`);
}

/** The Flink job id of a job's RUNNING instance; throws when there is none. */
export async function runningInstance(flink: FlinkRest, job: Job): Promise<string> {
  const id = await runningJobId(flink, job);
  if (!id) throw new Error(`${job.id} is not RUNNING on ${flink.baseUrl}`);
  return id;
}

export async function deployJobs(
  jobs: readonly Job[],
  args: readonly string[],
  flinkUrl: string,
  io: { out(text: string): void },
  parallelism?: number,
  /** A built job jar (default: generated-java's, rebuilt when its sources are newer). */
  jar?: string,
): Promise<void> {
  const options = [
    ...(parallelism === undefined ? [] : ['--parallelism', String(parallelism)]),
    ...(jar === undefined ? [] : ['--jar', jar]),
  ];
  for (const job of jobs) {
    const code = await runDeploy([job.id, '--flink', flinkUrl, ...options, '--', ...args], io);
    if (code !== 0) throw new Error(`deploy ${job.id} exited with ${code}`);
  }
}

/** Stops every job with a draining savepoint: all windows fire and every Parquet file and transaction commits. */
export async function drainJobs(
  jobs: readonly Job[],
  flinkUrl: string,
  io: { out(text: string): void },
): Promise<void> {
  for (const job of jobs) {
    const code = await runStop([job.id, '--savepoint', '--flink', flinkUrl], io);
    if (code !== 0) throw new Error(`stop ${job.id} exited with ${code}`);
  }
}

/**
 * Waits until every job's consumer group has committed the end of every source partition. Offsets are committed
 * when a checkpoint completes, so at that point everything produced is inside the jobs' checkpointed state.
 */
export async function waitUntilConsumed(
  admin: Admin,
  jobs: readonly Job[],
  timeoutMs: number,
  log: (text: string) => void,
): Promise<void> {
  let lastNote = 0;
  for (const job of jobs) {
    const topics = job.sources.map((s) => s.topic);
    await waitFor(`${job.id} to consume and checkpoint every record`, timeoutMs, async () => {
      const behind = await uncommitted(admin, consumerGroupOf(job), topics);
      if (behind.length > 0 && Date.now() - lastNote > 10_000) {
        lastNote = Date.now();
        log(`  ${job.id}: still consuming ${behind.join(', ')}`);
      }
      return behind.length === 0 || undefined;
    });
  }
}

/**
 * A running job's drop-and-count late counters, each read once it equals what the evaluator counted (or after 30 s
 * as it is, for the comparison to show): read before draining, since a finished job's metrics are gone.
 */
export async function lateCounters(
  flink: FlinkRest,
  instance: string,
  job: Job,
  wanted: (metricId: string) => number,
): Promise<Map<string, number | undefined>> {
  const counted = new Map<string, number | undefined>();
  for (const metric of job.metrics.filter((m) => m.late.policy === 'drop-and-count')) {
    const want = wanted(metric.id);
    const read = () => flink.operatorMetricSum(instance, `.metric.${metric.id}.lateEvents`);
    await waitFor(`${metric.id}'s late counter to reach ${want}`, 30_000, async () =>
      (await read()) === want ? true : undefined,
    ).catch(() => undefined);
    counted.set(metric.id, await read());
  }
  return counted;
}
