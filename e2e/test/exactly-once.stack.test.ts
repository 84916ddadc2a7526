// End to end, exactly once (issue #5): the simulator produces a few hundred thousand events — bad and late ones
// among them — into six partitions per topic while both generated jobs run at parallelism 2 on the local Flink
// cluster's two TaskManagers; one TaskManager is killed with SIGKILL mid-stream and started again; once the jobs have consumed everything they are stopped with a draining
// savepoint. Then what Trino reads from the Parquet lake must equal the reference evaluator over the simulator's
// ledger, row for row, and the dead-letter and late topics must hold exactly the bad and late events.
//
// It resets the local stack's pipeline topics, consumer groups and lake prefixes first (anything a demo left).
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
import type { Admin } from 'kafkajs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FlinkRest } from '../../deploy/src/flink-rest';
import type { Job, KeySpec } from '../../dsl';
import { keyOf } from '../../dsl';
import type { Evaluation, Row } from '../../evaluator';
import { evaluate, readJsonl, rowDifferences } from '../../evaluator';
import { createContext } from '../../infra/src/context';
import { restartProcess } from '../../infra/src/lifecycle';
import { taskManagerProcessIds } from '../../infra/src/config';
import { runStackCommand } from '../../infra/src/main';
import { isAlive, livePid } from '../../infra/src/process';
import { waitFor } from '../../infra/src/probe';
import { localS3Client } from '../../infra/src/s3client';
import { SERVICES } from '../../infra/src/services';
import { JOBS } from '../../jobs';
import { analystQueries } from '../../query/src/analyst-queries';
import { historyTables, writeHistory } from '../../query/src/history';
import { prepareMetricTables } from '../../query/src/lake-tables';
import { TrinoClient } from '../../query/src/trino';
import { defaultCatalog } from '../../schemas/src/catalog';
import type { SchemaCatalog } from '../../schemas/src/catalog';
import type { MeetingPlan } from '../../simulator/src/meetings';
import { DEFAULT_SIMULATION, planSimulation, simulationWorld } from '../../simulator/src/plan';
import type { SimulationConfig } from '../../simulator/src/plan';
import { ensureTopics, produce } from '../../simulator/src/produce';
import { registerSimulationSchemas } from '../../simulator/src/registry';
import { answerDifferences, expectedAnswers } from '../src/analyst-answers';
import { parquetCodecs } from '../src/parquet-codecs';
import { readTopic } from '../src/kafka';
import { fromTrino } from '../src/trino-rows';
import {
  cancelJobs,
  committedFile,
  ledgerEntry,
  deployJobs,
  resetPipeline,
  drainJobs,
  endpoints,
  jobArguments,
  lakeTablesOf,
  lateCounters,
  runningInstance,
  sourceTopics,
  waitUntilConsumed,
} from '../src/pipeline';

const log = (m: string) => process.stdout.write(`${m}\n`);
const ctx = createContext(log);
const e = endpoints(ctx.config);
const jobs = [...JOBS.values()];
const flink = new FlinkRest(e.flinkUrl);
const trino = new TrinoClient({ server: e.trinoUrl, catalog: 'lake', schema: 'metrics', user: 'collab-e2e' });
const kafka = new Kafka({
  ...kafkaSecurityFromEnv(),
  clientId: 'collab-e2e',
  brokers: [e.bootstrap],
  logLevel: logLevel.WARN,
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-e2e-'));
const ledgerFile = path.join(work, 'ledger.jsonl');
const io = { out: log };

const now = Date.now();
const SIMULATION: SimulationConfig = {
  ...DEFAULT_SIMULATION,
  seed: 2026,
  start: now - 60 * 60_000,
  end: now,
  now,
  meetingsPerMinute: 8,
  lateProbability: 0.003,
  // The test compresses an hour of event time into about a minute, so a few seconds of one source starting before
  // the others after the restart are minutes of event time in which the watermark waits for the slowest source.
  // "Late" must not depend on that interleaving (issue #5). At parallelism 2 the two source subtasks catch up on the
  // backlog after the restart at their own pace: one was measured 20 minutes of event time behind the other (a
  // 20-minute-late event was then on time for Flink). Late events are 35 minutes late.
  lateByMs: 35 * 60_000,
  badProbability: 0.002,
};
// Both jobs at parallelism 2 over the stack's two TaskManagers, six partitions per source topic: keyed state, the
// per-partition watermarks and the sinks' transactions are split over subtasks, as in production.
const PARTITIONS = 6;
const PARALLELISM = 2;
const RATE = 3_000;
const KILL_AT = 0.4;

let admin: Admin;
let s3: S3Client;
let catalog: SchemaCatalog;
let sent = 0;
let killedAfter = 0;
const expected = new Map<string, Evaluation>();
const meetings: MeetingPlan[] = [];
/** Late-event counters read from Flink before draining (a finished job's metrics are gone). */
const lateCounted = new Map<string, number | undefined>();

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
  fs.rmSync(work, { recursive: true, force: true });
}, 180_000);

/**
 * SIGKILLs one TaskManager once the run is `KILL_AT` through and both jobs have a completed checkpoint: the one
 * running subtasks of the most jobs (slots are spread, so that is normally every job). Returns the jobs it ran.
 */
async function killTaskManagerMidStream(total: number): Promise<Job[]> {
  await waitFor('the simulation to be under way', 600_000, async () => sent >= KILL_AT * total || undefined);
  await waitFor('a completed checkpoint of each job', 120_000, async () => {
    for (const job of jobs) {
      if ((await flink.checkpoints(await runningInstance(flink, job))).completed < 1) return undefined;
    }
    return true;
  });
  const jobsOn = new Map<string, Job[]>(taskManagerProcessIds(ctx.config).map((id) => [id, []]));
  for (const job of jobs) {
    for (const tm of await flink.taskManagersOf(await runningInstance(flink, job))) {
      jobsOn.get(tm.split('@')[0]!)?.push(job);
    }
  }
  const [victim, hit] = [...jobsOn].sort((a, b) => b[1].length - a[1].length)[0]!;
  const pid = livePid(ctx.paths, victim);
  if (pid === undefined) throw new Error(`${victim} is not running`);
  killedAfter = sent;
  log(
    `SIGKILL ${victim} (pid ${pid}, running ${hit.map((j) => j.id).join(', ')}) after ${sent} of ${total} records`,
  );
  process.kill(pid, 'SIGKILL');
  await waitFor(`${victim} to die`, 30_000, async () => !isAlive(pid) || undefined, 100);
  fs.rmSync(ctx.paths.pid(victim), { force: true });
  await restartProcess(
    ctx,
    SERVICES.find((s) => s.name === 'flink')!,
    victim,
  );
  return hit;
}

const ledgerKeys = () =>
  fs
    .readFileSync(ledgerFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const r = JSON.parse(line) as { topic: string; partition: number; offset: number };
      return `${r.topic}/${r.partition}@${r.offset}`;
    });

const rowKey = (r: Row, key: KeySpec) => `${keyOf(key, r)}@${String(r.window_start)}`;

describe('end to end: simulator → Kafka → Flink (TaskManager killed once) → Parquet on S3 → Trino', () => {
  it('runs the pipeline with a TaskManager failure and drains it', async () => {
    log('resetting the pipeline: jobs, topics, consumer groups, lake prefixes');
    await resetPipeline(jobs, e, { flink, admin, s3 });

    const registered = await registerSimulationSchemas(e.registryUrl, defaultCatalog());
    catalog = registered.catalog;
    await ensureTopics(kafka, sourceTopics(jobs), PARTITIONS, 1);
    // Planned before the jobs start, so the first records follow the deploys closely: a partition without records
    // for the sources' idleAfter (1 min) goes idle, and while a job's partitions are idle the first records of one
    // source can move its watermark past the others' first records (an hour of event time is a minute here).
    const records = [...planSimulation(SIMULATION, registered.schemas, (m) => meetings.push(m))];
    await deployJobs(jobs, jobArguments(e, 5_000), e.flinkUrl, io, PARALLELISM);
    const hosts = new Set<string>();
    for (const job of jobs) {
      const instance = await runningInstance(flink, job);
      expect(await flink.parallelism(instance)).toBe(PARALLELISM);
      for (const tm of await flink.taskManagersOf(instance)) hosts.add(tm.split('@')[0]!);
    }
    expect([...hosts].sort()).toEqual(taskManagerProcessIds(ctx.config));

    log(`producing ${records.length} records at ${RATE}/s`);
    const killed = killTaskManagerMidStream(records.length);
    const result = await produce(records, {
      brokers: [e.bootstrap],
      topics: sourceTopics(jobs),
      partitions: PARTITIONS,
      replicationFactor: 1,
      rate: RATE,
      batchSize: 500,
      ledgerFile,
      onProgress: (n) => {
        sent = n;
      },
    });
    sent = result.sent;
    const hit = await killed;
    expect(hit.length).toBeGreaterThan(0);
    expect(result.sent).toBe(records.length);
    expect(records.length).toBeGreaterThan(150_000);

    for (const job of hit) {
      const id = await waitFor(`${job.id} to run again after the failure`, 300_000, async () => {
        const instance = await runningInstance(flink, job);
        return (await flink.restarts(instance)) >= 1 ? instance : undefined;
      }).catch(async (error: unknown) => {
        // What the cluster looked like: the next time this happens, its cause is in the test's output.
        const jobIds = (await flink.jobs()).filter((j) => j.name === job.id);
        for (const j of jobIds)
          log(`${job.id} ${j.id}: ${j.state}, latest failure: ${await flink.latestFailure(j.id)}`);
        log(`TaskManagers: ${JSON.stringify(await flink.taskManagers())}`);
        throw error;
      });
      log(`${job.id} recovered (${id}); restarts: ${await flink.restarts(id)}`);
    }
    await waitUntilConsumed(admin, jobs, 900_000, log);

    const ledger = readJsonl(fs.readFileSync(ledgerFile, 'utf8'), ledgerFile);
    for (const job of jobs) expected.set(job.id, evaluate(job, ledger, { now: Date.now(), catalog }));

    // Drop-and-count late events are only counted: the counter is checkpointed, so it is exact across the restart.
    for (const job of jobs) {
      const instance = await runningInstance(flink, job);
      const counted = await lateCounters(
        flink,
        instance,
        job,
        (id) => expected.get(job.id)!.counts.late[id] ?? 0,
      );
      for (const [id, n] of counted) lateCounted.set(id, n);
    }

    // While the jobs still run (in-progress part files exist), Trino sees only committed files.
    await prepareMetricTables(trino, e.lakePath);
    for (const t of lakeTablesOf(jobs)) {
      const paths = await trino.query(`SELECT DISTINCT "$path" FROM ${t.schema}.${t.table}`);
      for (const [p] of paths.rows) expect(String(p)).toMatch(committedFile(t.schema, t.table));
    }

    await drainJobs(jobs, e.flinkUrl, io);
  }, 1_800_000);

  it.each(jobs.map((j) => [j.id, j] as const))(
    '%s: Trino rows equal the reference evaluator over the ledger: none missing, none twice',
    async (_id, job: Job) => {
      await prepareMetricTables(trino, e.lakePath);
      for (const metric of job.metrics) {
        const table = metric.sinks.find((s) => s.kind === 'lake-table');
        if (!table || table.kind !== 'lake-table') continue;
        const result = await trino.query(`SELECT * FROM ${table.schema}.${table.table}`);
        const rows = result.rows.map((r) => fromTrino(result.columns, r));
        const wanted = expected
          .get(job.id)!
          .rows.filter((r) => r.metric === metric.id)
          .map((r) => r.row);
        expect(wanted.length).toBeGreaterThan(1_000);
        expect(new Set(rows.map((r) => rowKey(r, metric.key))).size).toBe(rows.length);
        expect(rowDifferences(rows, wanted, metric)).toEqual([]);
      }
    },
    300_000,
  );

  it('the analyst queries join the metrics with lake.history as the same joins over the evaluator rows do', async () => {
    const world = simulationWorld(SIMULATION);
    await writeHistory(trino, historyTables(world, meetings));
    const count = async (table: string) =>
      Number((await trino.query(`SELECT count(*) FROM lake.history.${table}`)).rows[0]![0]);
    expect(await count('organization_plans')).toBe(world.organizations.length);
    expect(await count('user_profiles')).toBe(world.users.length);
    expect(await count('meeting_history')).toBe(meetings.length);

    const rowsOf = (id: string) =>
      [...expected.values()].flatMap((ev) => ev.rows.filter((r) => r.metric === id).map((r) => r.row));
    const today = String((await trino.query('SELECT CAST(current_date AS varchar)')).rows[0]![0]);
    const answers = expectedAnswers({
      metrics30s: rowsOf('meeting_metrics_30s'),
      trends60s: rowsOf('meeting_trends_60s'),
      world,
      meetings,
      today,
    });
    const queries = analystQueries();
    expect(queries.map((q) => q.name).sort()).toEqual(Object.keys(answers).sort());
    for (const query of queries) {
      const want = answers[query.name]!;
      // Today's query has rows unless the simulated hour ended minutes after midnight (UTC).
      if (query.name !== 'unhealthy_meetings_today') expect(want.rows.length).toBeGreaterThan(1);
      const result = await trino.query(query.sql);
      const got = result.rows.map((r) =>
        Object.fromEntries(result.columns.map((c, i) => [c.name, r[i] as string | number | null])),
      );
      expect({ query: query.name, differences: answerDifferences(want, got) }).toEqual({
        query: query.name,
        differences: [],
      });
    }
  }, 300_000);

  it.each(jobs.map((j) => [j.id, j] as const))(
    '%s: its live topics hold the same rows, keyed by the metric key, each window once (read committed)',
    async (_id, job: Job) => {
      for (const metric of job.metrics) {
        for (const sink of metric.sinks) {
          if (sink.kind !== 'live-topic') continue;
          const records = await readTopic(kafka, sink.topic);
          const rows = records.map((r) => JSON.parse(r.value!.toString('utf8')) as Row);
          for (const [i, r] of records.entries())
            expect(r.key?.toString('utf8')).toBe(keyOf(metric.key, rows[i]!));
          const wanted = expected
            .get(job.id)!
            .rows.filter((r) => r.metric === metric.id)
            .map((r) => r.row);
          expect(wanted.length).toBeGreaterThan(1_000);
          expect(rowDifferences(rows, wanted, metric)).toEqual([]);
        }
      }
    },
    300_000,
  );

  it('the dead-letter topic holds exactly the bad events, once per job, with the right reasons', async () => {
    const letters = await readTopic(kafka, jobs[0]!.deadLetterTopic);
    for (const job of jobs) {
      const got = letters
        .filter((l) => l.headers['collab.dlq.job'] === job.id)
        .map(
          (l) =>
            `${l.headers['collab.dlq.reason']} ${l.headers['collab.dlq.topic']}/${l.headers['collab.dlq.partition']}@${l.headers['collab.dlq.offset']}`,
        )
        .sort();
      const want = expected
        .get(job.id)!
        .deadLetters.map((d) => `${d.reason} ${d.record.topic}/${d.record.partition}@${d.record.offset}`)
        .sort();
      expect(want.length).toBeGreaterThan(100);
      expect(got).toEqual(want);
    }
    expect(letters.length).toBe(jobs.reduce((n, j) => n + expected.get(j.id)!.deadLetters.length, 0));
  }, 300_000);

  it('late events: counted exactly (drop-and-count), and side-output topics hold exactly the late events', async () => {
    for (const job of jobs) {
      for (const metric of job.metrics.filter((m) => m.late.policy === 'drop-and-count')) {
        const want = expected.get(job.id)!.counts.late[metric.id] ?? 0;
        expect(want).toBeGreaterThan(50);
        expect({ metric: metric.id, counted: lateCounted.get(metric.id) }).toEqual({
          metric: metric.id,
          counted: want,
        });
      }
    }
    for (const job of jobs) {
      for (const metric of job.metrics) {
        if (metric.late.policy !== 'side-output') continue;
        const got = (await readTopic(kafka, metric.late.topic))
          .map((r) => r.value!.toString('base64'))
          .sort();
        const want = expected
          .get(job.id)!
          .late.filter((l) => l.metric === metric.id)
          .map((l) => Buffer.from(l.record.bytes!).toString('base64'))
          .sort();
        expect(want.length).toBeGreaterThan(50);
        const missing = expected
          .get(job.id)!
          .late.filter(
            (l) => l.metric === metric.id && !got.includes(Buffer.from(l.record.bytes!).toString('base64')),
          );
        if (missing.length > 0) {
          const position = new Map(ledgerKeys().map((k, i) => [k, i]));
          log(
            `late events the job did not count late (TaskManager killed after ${killedAfter} records):\n` +
              missing
                .map((l) => {
                  const k = `${l.record.topic}/${l.record.partition}@${l.record.offset}`;
                  return `  ${k} at ledger position ${position.get(k)}, event time ${JSON.stringify(l.event.timestamp)}`;
                })
                .join('\n'),
          );
        }
        expect(got).toEqual(want);
      }
    }
  }, 300_000);

  it('the lake holds only committed Snappy Parquet files under metrics/<table>/date=YYYY-MM-DD/, and its commit ledger', async () => {
    for (const t of lakeTablesOf(jobs)) {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: e.lakeBucket, Prefix: `${t.schema}/${t.table}/` }),
      );
      const all = (listed.Contents ?? []).map((o) => o.Key!);
      const keys = all.filter((key) => !ledgerEntry(t.schema, t.table).test(key));
      expect(all.length - keys.length).toBeGreaterThan(0);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatch(committedFile(t.schema, t.table));
        const object = await s3.send(new GetObjectCommand({ Bucket: e.lakeBucket, Key: key }));
        const bytes = Buffer.from(await object.Body!.transformToByteArray());
        expect(parquetCodecs(bytes)).toEqual(['SNAPPY']);
      }
    }
  }, 300_000);
});
