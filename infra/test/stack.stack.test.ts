// Acceptance test of the local stack (issue #4): starts the whole stack from whatever state .stack/ is in (nothing,
// on a clean clone), proves every part works for real through the clients our code uses, then `down` and checks
// that no process of ours is left.
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FlinkRest } from '../../deploy/src/flink-rest';
import { TrinoClient } from '../../query/src/trino';
import { createContext } from '../src/context';
import { run } from '../src/install/run';
import { mavenRepo } from '../src/install/maven';
import { processIdsOf } from '../src/lifecycle';
import { runStackCommand } from '../src/main';
import { isAlive, livePid } from '../src/process';
import { waitFor } from '../src/probe';
import { localS3Client } from '../src/s3client';
import type { StackContext } from '../src/service';
import { SERVICES } from '../src/services';

const RUN = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const ctx: StackContext = createContext((m) => process.stdout.write(`${m}\n`));
const { config } = ctx;
const host = config.host;
let s3: S3Client;

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  const started = Date.now();
  expect(await runStackCommand(['up'])).toBe(0);
  process.stdout.write(`stack up took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  s3 = localS3Client(config);
}, 1_500_000);

afterAll(async () => {
  s3?.destroy();
  const ids = SERVICES.flatMap((s) => processIdsOf(ctx, s.name));
  const pids = ids.map((id) => livePid(ctx.paths, id)).filter((p): p is number => p !== undefined);
  expect(await runStackCommand(['down'])).toBe(0);
  expect(pids.filter(isAlive)).toEqual([]);
  expect(SERVICES.flatMap((s) => processIdsOf(ctx, s.name))).toEqual([]);
}, 180_000);

describe('local stack', () => {
  it('Kafka: produces and consumes with kafkajs', async () => {
    const kafka = new Kafka({
      ...kafkaSecurityFromEnv(),
      brokers: [`${host}:${config.kafka.port}`],
      clientId: 'stack-test',
      logLevel: logLevel.NOTHING,
    });
    const topic = `stack-test-${RUN}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 10 }, (_, i) => ({ key: `k${i % 3}`, value: `v${i}` }));
    await producer.send({ topic, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `stack-test-${RUN}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: string[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push(message.value?.toString() ?? '');
      },
    });
    await waitFor('10 messages consumed', 60_000, async () => (received.length >= 10 ? true : undefined));
    await consumer.disconnect();
    expect(received.sort()).toEqual(sent.map((m) => m.value).sort());
  }, 120_000);

  it('schema registry: registers and fetches a schema, rejects an incompatible one', async () => {
    const registryService = SERVICES.find((s) => s.name === 'registry');
    const url = registryService?.urls(ctx).api;
    expect(url).toBeDefined();
    const registry = new SchemaRegistry({ host: url ?? '' });
    const subject = `stack-test-${RUN}-value`;
    const v1 = {
      type: 'record',
      name: 'Probe',
      namespace: 'io.collabstream.stacktest',
      fields: [{ name: 'id', type: 'string' }],
    };
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(v1) },
      { subject },
    );
    const fetched = (await registry.getSchema(id)) as unknown as { name: string };
    expect(fetched.name).toBe('io.collabstream.stacktest.Probe');
    const encoded = await registry.encode(id, { id: 'x1' });
    expect(await registry.decode(encoded)).toEqual({ id: 'x1' });

    await getJson(`${url}/config/${subject}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: 'BACKWARD' }),
    });
    // A new required field without a default cannot read old data: BACKWARD-incompatible.
    const v2 = { ...v1, fields: [...v1.fields, { name: 'required_new', type: 'int' }] };
    await expect(
      registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject }),
    ).rejects.toThrow(/incompatib|409/i);
  }, 60_000);

  it('S3: multipart upload, ListObjectsV2, range GET, DeleteObjects', async () => {
    const bucket = config.s3.buckets[0] ?? 'collab-lake';
    const key = `stack-test/${RUN}/multipart.bin`;
    const part1 = Buffer.alloc(5 * 1024 * 1024, 'a'); // S3's minimum size for every part but the last
    const part2 = Buffer.from('the-end');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const parts = [];
    for (const [i, body] of [part1, part2].entries()) {
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body: body }),
      );
      parts.push({ ETag, PartNumber: i + 1 });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `stack-test/${RUN}/` }));
    const entry = listed.Contents?.find((o) => o.Key === key);
    expect(entry?.Size).toBe(part1.length + part2.length);

    const range = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        Range: `bytes=${part1.length - 2}-${part1.length + 2}`,
      }),
    );
    expect(await range.Body?.transformToString()).toBe('aathe');

    const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key }));
    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
    expect(deleted.Errors ?? []).toEqual([]);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `stack-test/${RUN}/` }));
    expect(after.KeyCount ?? 0).toBe(0);
  }, 60_000);

  it('Flink: a job submitted through the REST API runs with RocksDB and completes checkpoints on S3', async () => {
    const rest = `http://${host}:${config.flink.restPort}`;
    const buildDir = path.join(ctx.paths.cache, 'build', 'flink-smoke-job');
    await run(
      'mvn',
      [
        '-B',
        '-ntp',
        '-q',
        `-Dmaven.repo.local=${mavenRepo(ctx)}`,
        `-Dflink.version=${config.versions.flink}`,
        `-DbuildDir=${buildDir}`,
        'package',
      ],
      { cwd: path.join(__dirname, 'flink-smoke-job') },
    );
    const jar = path.join(buildDir, 'flink-smoke-job-1.jar');
    const flink = new FlinkRest(rest);
    const jobid = await flink.runJar(await flink.uploadJar(jar), { args: ['1000'] });
    try {
      await waitFor('job RUNNING', 120_000, async () => {
        const state = await flink.jobState(jobid);
        if (state === 'FAILED') throw new Error('job FAILED');
        return state === 'RUNNING' ? true : undefined;
      });
      const checkpoints = await waitFor('2 completed checkpoints', 180_000, async () => {
        const counts = await flink.checkpoints(jobid);
        return counts.completed >= 2 ? counts : undefined;
      });
      expect(checkpoints.latestCompletedPath).toMatch(
        new RegExp(`^s3://${config.flink.checkpointsBucket}/checkpoints/${jobid}/chk-\\d+$`),
      );
      const cpConfig = await getJson<{ state_backend: string; checkpoint_storage: string }>(
        `${rest}/jobs/${jobid}/checkpoints/config`,
      );
      expect(cpConfig.state_backend).toBe('EmbeddedRocksDBStateBackend');
      // The checkpoint really is on S3: its _metadata object is listed by the S3 server.
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: config.flink.checkpointsBucket, Prefix: `checkpoints/${jobid}/` }),
      );
      expect((listed.Contents ?? []).some((o) => o.Key?.endsWith('/_metadata'))).toBe(true);
      expect(await flink.jobState(jobid)).toBe('RUNNING');
    } finally {
      await flink.cancel(jobid);
    }
  }, 420_000);

  it('Trino: CREATE TABLE over Parquet on S3 and SELECT it back', async () => {
    const trino = new TrinoClient({
      server: `http://${host}:${config.trino.port}`,
      catalog: 'lake',
      schema: 'metrics',
      user: 'stack-test',
    });
    const query = async (sql: string): Promise<readonly (readonly unknown[])[]> =>
      (await trino.query(sql)).rows;
    const schemas = (await query('SHOW SCHEMAS FROM lake')).map((r) => r[0]);
    expect(schemas).toEqual(expect.arrayContaining(['metrics', 'history']));
    const table = `stack_test_${RUN}`;
    const location = `s3://${config.trino.lakeBucket}/stack-test/${table}`;
    await query(
      `CREATE TABLE lake.metrics.${table} (meeting_id varchar, joins bigint, "date" varchar) ` +
        `WITH (format = 'PARQUET', partitioned_by = ARRAY['date'], external_location = '${location}')`,
    );
    try {
      await query(
        `INSERT INTO lake.metrics.${table} VALUES ('m1', 3, '2026-01-01'), ('m2', 5, '2026-01-02')`,
      );
      const rows = await query(
        `SELECT meeting_id, joins, "date" FROM lake.metrics.${table} ORDER BY meeting_id`,
      );
      expect(rows).toEqual([
        ['m1', 3, '2026-01-01'],
        ['m2', 5, '2026-01-02'],
      ]);
      // The rows are Parquet files on S3 (magic bytes PAR1), in Hive partition folders.
      const listed = await s3.send(
        new ListObjectsV2Command({
          Bucket: config.trino.lakeBucket,
          Prefix: `stack-test/${table}/date=2026-01-01/`,
        }),
      );
      const file = listed.Contents?.[0]?.Key;
      expect(file).toBeDefined();
      const head = await s3.send(
        new GetObjectCommand({ Bucket: config.trino.lakeBucket, Key: file, Range: 'bytes=0-3' }),
      );
      expect(await head.Body?.transformToString()).toBe('PAR1');
    } finally {
      await query(`DROP TABLE IF EXISTS lake.metrics.${table}`);
    }
  }, 180_000);

  it('Prometheus: its Flink, Kafka and Trino targets are up', async () => {
    const url = `http://${host}:${config.prometheus.port}/api/v1/targets`;
    interface Target {
      labels: { job: string };
      health: string;
      lastError: string;
    }
    const targets = await waitFor('flink, kafka and trino targets up', 90_000, async () => {
      const body = await getJson<{ data: { activeTargets: Target[] } }>(url);
      const up = (job: string): boolean => {
        const t = body.data.activeTargets.filter((a) => a.labels.job === job);
        return t.length > 0 && t.every((a) => a.health === 'up');
      };
      return up('flink') && up('kafka') && up('trino') ? body.data.activeTargets : undefined;
    });
    // The JobManager and every TaskManager.
    const flinkProcesses = 1 + config.flink.taskManagers;
    expect(targets.filter((t) => t.labels.job === 'flink')).toHaveLength(flinkProcesses);
    // The series are there too, not just the scrape.
    const q = await getJson<{ data: { result: unknown[] } }>(
      `http://${host}:${config.prometheus.port}/api/v1/query?query=${encodeURIComponent('up{job=~"flink|kafka|trino"} == 1')}`,
    );
    expect(q.data.result).toHaveLength(flinkProcesses + 2);
  }, 120_000);
});
