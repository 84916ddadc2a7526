// Issue #6 part 3: the simulator's producing rate (kafkajs + avsc, simulator/src/produce.ts, ledger included)
// against Kafka's own Java producer performance tool (what kafka-producer-perf-test.sh runs:
// org.apache.kafka.tools.ProducerPerformance) at the same record size, on the local broker, interleaved. Topics
// are `bench-*` only, created here and deleted afterwards; the real topics are never touched.
//
// Needs a broker: when the stack is already up it is used as it is (and left up); when it is down this step
// starts it with `npm run stack:up` and stops it with `npm run stack:down` when done.
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { tcpOpen } from '../../infra/src/probe';
import { defaultCatalog } from '../../schemas/src/catalog';
import type { PlannedRecord } from '../../simulator/src/plan';
import { planSimulation } from '../../simulator/src/plan';
import { produce } from '../../simulator/src/produce';
import { offlineSchemas } from '../../simulator/src/schemas';
import { benchSimulation } from './input';
import { BENCH, ROOT, TMP } from './paths';
import type { ProfileSummary } from './profile';
import { summarizeCpuProfiles } from './profile';
import { leaseStack } from './stack';
import { log, median, runCommand } from './util';

const HOST = '127.0.0.1';
const PORT = 9092;
const BOOTSTRAP = `${HOST}:${PORT}`;
const SIM_TOPICS = ['bench-user_events', 'bench-chat_events', 'bench-meeting_events'];
const PERF_TOPIC = 'bench-producer-perf';
const PARTITIONS = 3;

export type IngestContender = 'simulator' | 'simulator-preplanned' | 'java-producer-perf';

export interface IngestRun {
  readonly round: number;
  readonly contender: IngestContender;
  readonly records: number;
  readonly ms: number;
  readonly recordsPerSecond: number;
  readonly detail?: string;
}

export interface IngestResult {
  readonly skipped?: string;
  readonly stackStartedHere: boolean;
  readonly recordSizeBytes: number;
  readonly simulatorRecords: number;
  readonly javaRecords: number;
  readonly runs: readonly IngestRun[];
  readonly medians: Partial<Record<IngestContender, number>>;
  readonly profile?: ProfileSummary;
}

export const simulatorRecords = (count: number): Generator<PlannedRecord> => {
  const { schemas } = offlineSchemas(defaultCatalog());
  return (function* () {
    let n = 0;
    for (const r of planSimulation(benchSimulation(), schemas)) {
      if (n++ >= count) return;
      yield {
        topic: `bench-${r.topic}`,
        key: r.key,
        bytes: r.bytes,
        eventTime: r.eventTime,
        expect: r.expect,
      };
    }
  })();
};

export async function simulatorRun(
  records: Iterable<PlannedRecord>,
): Promise<{ sent: number; elapsedMs: number }> {
  return produce(records, {
    brokers: [BOOTSTRAP],
    topics: SIM_TOPICS,
    partitions: PARTITIONS,
    replicationFactor: 1,
    rate: 0,
    // What the CLI sends with when unthrottled: 2,000-record batches over one idempotent producer per partition.
    batchSize: 2_000,
    producers: PARTITIONS,
    ledgerFile: path.join(TMP, 'ingest-ledger.jsonl'),
  });
}

async function javaRun(records: number, recordSize: number): Promise<IngestRun & { round: 0 }> {
  const classpath = [
    path.join(ROOT, '.stack/cache/kafka/*'),
    ...fs
      .readdirSync(path.join(BENCH, 'target/kafka-tools'))
      .map((jar) => path.join(BENCH, 'target/kafka-tools', jar)),
  ].join(path.delimiter);
  const run = await runCommand(
    'java',
    [
      '-Xmx512m',
      '-cp',
      classpath,
      'org.apache.kafka.tools.ProducerPerformance',
      '--topic',
      PERF_TOPIC,
      '--num-records',
      String(records),
      '--record-size',
      String(recordSize),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${BOOTSTRAP}`,
      'acks=all',
    ],
    { timeoutMs: 10 * 60_000 },
  );
  // "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, p50 ms 50th, …"
  const line = run.stdout.split('\n').find((l) => /records sent, .* records\/sec/.test(l) && /50th/.test(l));
  const m = line?.match(/^(\d+) records sent, ([\d.]+) records\/sec/);
  if (run.code !== 0 || !m) throw new Error(`ProducerPerformance failed:\n${run.stdout}\n${run.stderr}`);
  const rate = Number(m[2]);
  return {
    round: 0,
    contender: 'java-producer-perf',
    records: Number(m[1]),
    ms: (Number(m[1]) / rate) * 1000,
    recordsPerSecond: rate,
    detail: line,
  };
}

async function admin<T>(work: (a: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const a = new Kafka({ clientId: 'collab-bench', brokers: [BOOTSTRAP], logLevel: logLevel.NOTHING }).admin();
  await a.connect();
  try {
    return await work(a);
  } finally {
    await a.disconnect();
  }
}

async function resetTopics(): Promise<void> {
  const all = [...SIM_TOPICS, PERF_TOPIC];
  await admin(async (a) => {
    const existing = new Set(await a.listTopics());
    const stale = all.filter((t) => existing.has(t));
    if (stale.length > 0) {
      await a.deleteTopics({ topics: stale, timeout: 30_000 });
      for (let i = 0; i < 60; i++) {
        const left = new Set(await a.listTopics());
        if (!stale.some((t) => left.has(t))) break;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await a.createTopics({
      waitForLeaders: true,
      topics: all.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
    });
  });
}

async function deleteTopics(): Promise<void> {
  await admin(async (a) => {
    const existing = new Set(await a.listTopics());
    const ours = [...SIM_TOPICS, PERF_TOPIC].filter((t) => existing.has(t));
    if (ours.length > 0) await a.deleteTopics({ topics: ours, timeout: 30_000 });
  });
}

export async function benchIngest(
  rounds: number,
  simulatorCount: number,
  javaCount: number,
  recordSizeBytes: number,
  options: { startStack: boolean; profileDir?: string | undefined },
): Promise<IngestResult> {
  const empty = {
    stackStartedHere: false,
    recordSizeBytes,
    simulatorRecords: simulatorCount,
    javaRecords: javaCount,
  };
  if (!options.startStack && !(await tcpOpen(HOST, PORT)))
    return { ...empty, skipped: `no broker on ${BOOTSTRAP}`, runs: [], medians: {} };
  const stack = await leaseStack('ingest', HOST, [PORT]);
  const stackStartedHere = stack.startedHere;
  const runs: IngestRun[] = [];
  let profile: ProfileSummary | undefined;
  try {
    await resetTopics();
    for (let round = 1; round <= rounds; round++) {
      const sim = await simulatorRun(simulatorRecords(simulatorCount));
      runs.push({
        round,
        contender: 'simulator',
        records: sim.sent,
        ms: sim.elapsedMs,
        recordsPerSecond: (sim.sent / sim.elapsedMs) * 1000,
      });
      const planned = [...simulatorRecords(simulatorCount)];
      const pre = await simulatorRun(planned);
      runs.push({
        round,
        contender: 'simulator-preplanned',
        records: pre.sent,
        ms: pre.elapsedMs,
        recordsPerSecond: (pre.sent / pre.elapsedMs) * 1000,
      });
      const java = await javaRun(javaCount, recordSizeBytes);
      runs.push({ ...java, round });
      for (const r of runs.slice(-3))
        log(`ingest: round ${round} ${r.contender}: ${Math.round(r.recordsPerSecond)} records/s`);
    }
    const sim = median(runs.filter((r) => r.contender === 'simulator').map((r) => r.recordsPerSecond));
    const java = median(
      runs.filter((r) => r.contender === 'java-producer-perf').map((r) => r.recordsPerSecond),
    );
    if (options.profileDir && sim < 0.5 * java) {
      log('ingest: under 0.5× the Java producer, profiling one simulator run (node --cpu-prof)');
      fs.rmSync(options.profileDir, { recursive: true, force: true });
      const run = await runCommand(process.execPath, [
        '--cpu-prof',
        `--cpu-prof-dir=${options.profileDir}`,
        '--import',
        'tsx',
        path.join(BENCH, 'src/ingest-profile.ts'),
        String(simulatorCount),
      ]);
      if (run.code !== 0) log(`ingest: the profiled run failed: ${run.stderr.slice(-2000)}`);
      else profile = summarizeCpuProfiles(options.profileDir, ROOT);
    }
  } finally {
    await deleteTopics().catch((err: unknown) =>
      log(`ingest: could not delete bench topics: ${String(err)}`),
    );
    fs.rmSync(path.join(TMP, 'ingest-ledger.jsonl'), { force: true });
    await stack.release();
  }
  const medians: Partial<Record<IngestContender, number>> = {};
  for (const c of ['simulator', 'simulator-preplanned', 'java-producer-perf'] as const) {
    medians[c] = median(runs.filter((r) => r.contender === c).map((r) => r.recordsPerSecond));
  }
  return { ...empty, stackStartedHere, runs, medians, ...(profile ? { profile } : {}) };
}
