// Issue #6 part 2: sustained events/s of the deployed jobs draining a pre-loaded Kafka backlog on the local
// Flink cluster, against a decode-only job on the same backlog (the generated jobs' own decoding Kafka sources and
// nothing after them: the limit of this machine). The backlog is one simulated day of meetings, so the last run —
// both jobs together, drained with a savepoint — leaves that day in the lake for part 5 (bench/src/queries.ts).
//
// Each run is a fresh job with a fresh consumer group that reads the whole backlog from the earliest offset. Its
// progress is the sum of its Kafka source readers' current offsets, scraped from the TaskManager's Prometheus
// endpoint every 500 ms (live values; Flink's REST metrics are cached for 10 s). Its rate is the slope between
// 10 % and 90 % of the backlog: no job start-up, no tail. Runs are interleaved per round and cancelled when done
// (their lake files are deleted), except the drained one.
import fs from 'node:fs';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import { ensureJobJar, entryClassOf } from '../../cli/src/deploy';
import { FlinkRest } from '../../deploy/src/flink-rest';
import { deleteGroups } from '../../e2e/src/kafka';
import type { Endpoints } from '../../e2e/src/pipeline';
import {
  cancelJobs,
  deleteLakePrefix,
  drainJobs,
  endpoints,
  jobArguments,
  resetPipeline,
  sourceTopics,
} from '../../e2e/src/pipeline';
import { createContext } from '../../infra/src/context';
import type { StackConfig } from '../../infra/src/config';
import { taskManagerMetricsPorts, taskManagerProcessIds } from '../../infra/src/config';
import { waitFor } from '../../infra/src/probe';
import { livePid } from '../../infra/src/process';
import { localS3Client } from '../../infra/src/s3client';
import { JOBS } from '../../jobs';
import type { Job } from '../../dsl';
import { defaultCatalog } from '../../schemas/src/catalog';
import type { MeetingPlan } from '../../simulator/src/meetings';
import type { SimulationConfig } from '../../simulator/src/plan';
import { DEFAULT_SIMULATION } from '../../simulator/src/plan';
import { ensureTopics } from '../../simulator/src/produce';
import { registerSimulationSchemas } from '../../simulator/src/registry';
import type { InputInfo } from './input';
import { PARTITIONS, TOPICS, writeInput } from './input';
import { BENCH, TMP } from './paths';
import type { ProfileSummary } from './profile';
import { recordJfr } from './profile';
import { benchClasspath } from './throughput';
import { restartFlink } from './stack';
import { log, median, runCommand } from './util';

export type PipelineContender = 'decode-only' | 'meeting_metrics_30s' | 'meeting_trends_60s' | 'both';
export const PIPELINE_CONTENDERS: readonly PipelineContender[] = [
  'decode-only',
  'meeting_metrics_30s',
  'meeting_trends_60s',
  'both',
];
/** Each job alone takes as long as both together here: by default only the limit and the deployed pipeline. */
export const DEFAULT_PIPELINE_CONTENDERS: readonly PipelineContender[] = ['decode-only', 'both'];

export interface PipelineRun {
  readonly round: number;
  readonly contender: PipelineContender;
  readonly events: number;
  /** Slope between 10 % and 90 % of the backlog read (by the slower job, for `both`). */
  readonly eventsPerSecond: number;
  /** From RUNNING to the whole backlog read. */
  readonly totalMs: number;
}

export interface PipelineResult {
  readonly skipped?: string;
  readonly day: { readonly start: string; readonly end: string; readonly meetings: number };
  readonly events: number;
  readonly loadMs: number;
  readonly checkpointIntervalMs: number;
  readonly runs: readonly PipelineRun[];
  readonly medians: Partial<Record<PipelineContender, number>>;
  /** Median over rounds of each run's rate / the same round's decode-only rate. */
  readonly ratios: Partial<Record<PipelineContender, number>>;
}

/** What part 5 needs from the drained run: the simulated day, its meetings, and where its rows are. */
export interface SimulatedDay {
  readonly simulation: SimulationConfig;
  readonly meetings: readonly MeetingPlan[];
  readonly lakePath: string;
}

const DECODE_ONLY_CLASS = 'io.collabstream.jobs.DecodeOnlyJob';
const DECODE_ONLY_NAME = 'bench_decode_only';
const PIPELINE_JAR = path.join(BENCH, 'target/collab-stream-bench-0.1.0-SNAPSHOT-pipeline.jar');
const SCRATCH_PREFIX = 'bench-scratch';
const POLL_MS = 500;

/**
 * One day of meetings ending at the last full hour (so `current_date` queries see today's rows and nothing is
 * ahead of the jobs' clock bound), 2 meetings a minute: ≈ 1.4 M events. No late and no bad records: both
 * contenders must do the same work per event.
 */
export function daySimulation(now: number): SimulationConfig {
  const end = Math.floor(now / 3600_000) * 3600_000;
  return {
    ...DEFAULT_SIMULATION,
    seed: 11,
    start: end - 24 * 3600_000,
    end,
    now,
    meetingsPerMinute: 2,
    lateProbability: 0,
    badProbability: 0,
  };
}

/** The TaskManagers' Kafka source readers: per Flink job name, the sum of their partitions' current offsets. */
export async function sourceOffsets(config: StackConfig): Promise<Map<string, number>> {
  const pages = await Promise.all(
    taskManagerMetricsPorts(config).map(async (port) =>
      (await fetch(`http://${config.host}:${port}/metrics`)).text(),
    ),
  );
  const sums = new Map<string, number>();
  for (const line of pages.join('\n').split('\n')) {
    if (
      !line.startsWith('flink_taskmanager_job_task_operator_KafkaSourceReader_topic_partition_currentOffset{')
    )
      continue;
    const job = /job_name="([^"]*)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (job && Number.isFinite(value) && value >= 0) sums.set(job, (sums.get(job) ?? 0) + value);
  }
  return sums;
}

/** The time at which a series of (ms, count) samples crossed `level`, interpolated linearly. */
export function crossing(samples: readonly (readonly [number, number])[], level: number): number {
  for (let i = 1; i < samples.length; i++) {
    const [t0, c0] = samples[i - 1]!;
    const [t1, c1] = samples[i]!;
    if (c0 < level && c1 >= level) return t0 + ((level - c0) / (c1 - c0)) * (t1 - t0);
  }
  return Number.NaN;
}

interface Deployed {
  readonly names: readonly string[];
  readonly ids: readonly string[];
}

export class PipelineBench {
  readonly e: Endpoints;
  readonly flink: FlinkRest;
  private jarIds?: { jobs: string; bench: string };

  constructor(readonly config: StackConfig) {
    this.e = endpoints(config);
    this.flink = new FlinkRest(this.e.flinkUrl);
  }

  /** Uploads the generated jobs' jar and the decode-only job's jar (built by the bench step's Maven build). */
  async uploadJars(): Promise<{ jobs: string; bench: string }> {
    if (!this.jarIds) {
      if (!fs.existsSync(PIPELINE_JAR)) throw new Error(`${PIPELINE_JAR} is missing: run the build step`);
      this.jarIds = {
        jobs: await this.flink.uploadJar(ensureJobJar(log)),
        bench: await this.flink.uploadJar(PIPELINE_JAR),
      };
    }
    return this.jarIds;
  }

  /** Runs the contender's jobs, each with a fresh consumer group, and waits until all are RUNNING. */
  async deploy(
    contender: PipelineContender,
    tag: string,
    lakePath: string,
    checkpointIntervalMs: number,
  ): Promise<Deployed> {
    const jars = await this.uploadJars();
    const jobs: { name: string; jar: string; entryClass: string }[] =
      contender === 'decode-only'
        ? [{ name: DECODE_ONLY_NAME, jar: jars.bench, entryClass: DECODE_ONLY_CLASS }]
        : [...JOBS.values()]
            .filter((j) => contender === 'both' || j.id === contender)
            .map((j) => ({ name: j.id, jar: jars.jobs, entryClass: entryClassOf(j) }));
    const ids: string[] = [];
    for (const job of jobs) {
      const args = [
        ...jobArguments({ ...this.e, lakePath }, checkpointIntervalMs),
        `--kafka.group-id=bench-${tag}-${job.name}`,
      ];
      ids.push(await this.flink.runJar(job.jar, { entryClass: job.entryClass, args }));
    }
    for (const id of ids) {
      await waitFor(`bench job ${id} to be RUNNING`, 120_000, async () => {
        const state = await this.flink.jobState(id);
        if (state === 'FAILED' || state === 'CANCELED') throw new Error(`bench job ${id} is ${state}`);
        return state === 'RUNNING' || undefined;
      });
    }
    return { names: jobs.map((j) => j.name), ids };
  }

  /** Samples the slowest of the jobs' source progress until it has read `events`; (ms since start, events). */
  async follow(deployed: Deployed, events: number, timeoutMs: number): Promise<[number, number][]> {
    const started = Date.now();
    const samples: [number, number][] = [[0, 0]];
    let lastNote = started;
    for (;;) {
      const offsets = await sourceOffsets(this.config);
      const slowest = Math.min(...deployed.names.map((n) => offsets.get(n) ?? 0));
      samples.push([Date.now() - started, slowest]);
      // A reader's current offset is that of its last record: the end is the count less one per partition.
      if (slowest >= events - TOPICS.length * PARTITIONS) return samples;
      if (Date.now() - started > timeoutMs)
        throw new Error(`${deployed.names.join(', ')} read only ${slowest} of ${events} in ${timeoutMs} ms`);
      if (Date.now() - lastNote > 15_000) {
        lastNote = Date.now();
        log(`pipeline:   ${deployed.names.join(' + ')}: ${slowest} of ${events} read`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Runs the contender over a loaded backlog of `events` until it has read them all; its rate is the slope
   * between 10 % and 90 % of the backlog (no job start-up, no tail). The jobs are left running.
   */
  async timedRun(
    contender: PipelineContender,
    tag: string,
    lakePath: string,
    events: number,
    checkpointIntervalMs: number,
  ): Promise<{ deployed: Deployed; eventsPerSecond: number; totalMs: number }> {
    const deployed = await this.deploy(contender, tag, lakePath, checkpointIntervalMs);
    const started = Date.now();
    const samples = await this.follow(deployed, events, 30 * 60_000);
    const totalMs = Date.now() - started;
    const seconds = (crossing(samples, 0.9 * events) - crossing(samples, 0.1 * events)) / 1000;
    return { deployed, eventsPerSecond: (0.8 * events) / seconds, totalMs };
  }

  /** The lake path of a run whose files are thrown away (see cancelScratch). */
  scratchPath(tag: string): string {
    return `${this.e.lakePath}/${SCRATCH_PREFIX}/${tag}`;
  }

  /** Cancels a run deployed on scratchPath(tag) and deletes its files. */
  async cancelScratch(deployed: Deployed, tag: string): Promise<void> {
    await this.cancel(deployed);
    const s3 = localS3Client(this.config);
    await deleteLakePrefix(s3, this.e.lakeBucket, `${SCRATCH_PREFIX}/${tag}/`).finally(() => s3.destroy());
  }

  async cancel(deployed: Deployed): Promise<void> {
    for (const id of deployed.ids) await this.flink.cancel(id);
    for (const id of deployed.ids)
      await waitFor(
        `bench job ${id} to stop`,
        120_000,
        async () => ['CANCELED', 'FAILED', 'FINISHED'].includes(await this.flink.jobState(id)) || undefined,
      );
  }
}

/** Registers the simulator's schemas in the real registry: the ids the replayed records are framed with. */
export async function registrySchemaIds(registryUrl: string): Promise<string[]> {
  const { schemas } = await registerSimulationSchemas(registryUrl, defaultCatalog());
  return TOPICS.flatMap((t) => ['--schema-id', `${t}=${schemas.topicSchemaId(t)}`]);
}

/** Sends the input to the source topics with the bench module's Java replayer (KafkaReplay). */
export async function replay(
  input: string,
  bootstrap: string,
  schemaIds: readonly string[],
  extra: readonly string[] = [],
  onLine?: (line: string) => void,
): Promise<{ sent: number; ms: number }> {
  let buffered = '';
  const run = await runCommand(
    'java',
    [
      '-Xmx3g',
      '-cp',
      benchClasspath(),
      'io.collabstream.bench.KafkaReplay',
      '--input',
      input,
      '--bootstrap',
      bootstrap,
      ...schemaIds,
      ...extra,
    ],
    {
      timeoutMs: 30 * 60_000,
      onStdout: (chunk) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) onLine?.(line);
      },
    },
  );
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.code !== 0 || !last.startsWith('{"sent"'))
    throw new Error(`KafkaReplay failed (${run.code}):\n${run.stderr.slice(-3000)}`);
  return JSON.parse(last) as { sent: number; ms: number };
}

export async function withKafkaAdmin<T>(bootstrap: string, work: (admin: Admin, kafka: Kafka) => Promise<T>) {
  const kafka = new Kafka({ clientId: 'collab-bench', brokers: [bootstrap], logLevel: logLevel.WARN });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin, kafka);
  } finally {
    await admin.disconnect();
  }
}

/** Empties the pipeline (jobs, topics, groups, lake prefixes) and creates the source topics again. */
export async function freshPipeline(bench: PipelineBench, jobs: readonly Job[]): Promise<void> {
  const s3 = localS3Client(bench.config);
  try {
    await withKafkaAdmin(bench.e.bootstrap, async (admin, kafka) => {
      await resetPipeline(jobs, bench.e, { flink: bench.flink, admin, s3 });
      await cancelBenchJobs(bench.flink);
      await ensureTopics(kafka, sourceTopics(jobs), PARTITIONS, 1);
      const groups = (await admin.listGroups()).groups
        .map((g) => g.groupId)
        .filter((g) => g.startsWith('bench-'));
      await deleteGroups(admin, groups);
    });
    await deleteLakePrefix(s3, bench.e.lakeBucket, `${SCRATCH_PREFIX}/`);
  } finally {
    s3.destroy();
  }
}

async function cancelBenchJobs(flink: FlinkRest): Promise<void> {
  const active = (await flink.jobs()).filter((j) => j.name === DECODE_ONLY_NAME && j.state === 'RUNNING');
  for (const j of active) await flink.cancel(j.id);
}

/** The day's backlog, planned and loaded into the emptied source topics of a freshly restarted cluster. */
async function loadDayBacklog(bench: PipelineBench, jobs: readonly Job[]) {
  const simulation = daySimulation(Date.now());
  const meetings: MeetingPlan[] = [];
  const file = path.join(TMP, 'pipeline-day.bin');
  log(
    `pipeline: planning one simulated day (${new Date(simulation.start).toISOString()} to ${new Date(simulation.end).toISOString()}, ${simulation.meetingsPerMinute} meetings a minute)`,
  );
  const input: InputInfo = writeInput(file, simulation, Number.MAX_SAFE_INTEGER, log, (m) =>
    meetings.push(m),
  );
  await restartFlink();
  log('pipeline: resetting the pipeline and loading the backlog into the source topics (KafkaReplay)');
  await freshPipeline(bench, jobs);
  const schemaIds = await registrySchemaIds(bench.e.registryUrl);
  const loaded = await replay(file, bench.e.bootstrap, schemaIds);
  log(`pipeline: ${loaded.sent} events loaded in ${(loaded.ms / 1000).toFixed(1)} s`);
  fs.rmSync(file, { force: true });
  return { simulation, meetings, input, loaded };
}

/**
 * Both jobs once more over the backlog (not counted), with a JFR recording of the TaskManager from the time they
 * run until they have read everything: where the deployed pipeline's time goes.
 */
async function profileBoth(bench: PipelineBench, events: number, checkpointIntervalMs: number) {
  const ctx = createContext(log);
  // The first TaskManager only: with slots spread, it holds one of the two jobs at parallelism 1.
  const [first] = taskManagerProcessIds(ctx.config);
  const pid = livePid(ctx.paths, first!);
  if (pid === undefined) throw new Error('no TaskManager to profile');
  const tag = `profile-${Date.now().toString(36)}`;
  const deployed = await bench.deploy('both', tag, bench.scratchPath(tag), checkpointIntervalMs);
  log(
    `pipeline: profiling the TaskManager (pid ${pid}) with JFR while both jobs read the backlog (not counted)`,
  );
  try {
    return await recordJfr(pid, path.join(TMP, 'pipeline-taskmanager.jfr'), () =>
      bench.follow(deployed, events, 30 * 60_000),
    );
  } finally {
    await bench.cancelScratch(deployed, tag);
  }
}

/** The profile alone (`--only pipeline-profile`): the backlog loaded again, both jobs profiled once. */
export async function benchPipelineProfile(checkpointIntervalMs: number): Promise<ProfileSummary> {
  const bench = new PipelineBench(createContext(log).config);
  const jobs = [...JOBS.values()];
  const { input } = await loadDayBacklog(bench, jobs);
  try {
    return await profileBoth(bench, input.events, checkpointIntervalMs);
  } finally {
    await freshPipeline(bench, jobs);
  }
}

export async function benchPipeline(
  rounds: number,
  checkpointIntervalMs: number,
  contenders: readonly PipelineContender[] = DEFAULT_PIPELINE_CONTENDERS,
): Promise<{ result: PipelineResult; day?: SimulatedDay }> {
  if (!contenders.includes('decode-only'))
    throw new Error('the pipeline step needs the decode-only contender');
  const ctx = createContext(log);
  const bench = new PipelineBench(ctx.config);
  const jobs = [...JOBS.values()];
  const { simulation, meetings, input, loaded } = await loadDayBacklog(bench, jobs);

  const runs: PipelineRun[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const contender of contenders) {
        const drainAtEnd = round === rounds && contender === 'both';
        const tag = `${round}-${contender}-${Date.now().toString(36)}`;
        const { deployed, eventsPerSecond, totalMs } = await bench.timedRun(
          contender,
          tag,
          drainAtEnd ? bench.e.lakePath : bench.scratchPath(tag),
          input.events,
          checkpointIntervalMs,
        );
        const run: PipelineRun = { round, contender, events: input.events, eventsPerSecond, totalMs };
        runs.push(run);
        log(
          `pipeline: round ${round} ${contender}: ${Math.round(run.eventsPerSecond)} events/s (all read in ${(totalMs / 1000).toFixed(1)} s)`,
        );
        if (drainAtEnd) {
          log('pipeline: draining both jobs with a savepoint (every window fires, every file commits)');
          await drainJobs(jobs, bench.e.flinkUrl, { out: log });
        } else {
          await bench.cancelScratch(deployed, tag);
        }
      }
    }
  } finally {
    await cancelJobs(bench.flink, jobs).catch(() => undefined);
    await cancelBenchJobs(bench.flink).catch(() => undefined);
  }

  const medians: Partial<Record<PipelineContender, number>> = {};
  const ratios: Partial<Record<PipelineContender, number>> = {};
  for (const c of contenders) {
    medians[c] = median(runs.filter((r) => r.contender === c).map((r) => r.eventsPerSecond));
    ratios[c] = median(
      runs
        .filter((r) => r.contender === c)
        .map((r) => {
          const limit = runs.find((d) => d.round === r.round && d.contender === 'decode-only');
          return limit ? r.eventsPerSecond / limit.eventsPerSecond : Number.NaN;
        }),
    );
  }
  return {
    result: {
      day: {
        start: new Date(simulation.start).toISOString(),
        end: new Date(simulation.end).toISOString(),
        meetings: meetings.length,
      },
      events: input.events,
      loadMs: loaded.ms,
      checkpointIntervalMs,
      runs,
      medians,
      ratios,
    },
    // Only the drained run of both jobs leaves the day in the lake.
    ...(contenders.includes('both') ? { day: { simulation, meetings, lakePath: bench.e.lakePath } } : {}),
  };
}
