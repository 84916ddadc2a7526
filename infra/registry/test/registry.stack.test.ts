// The schema registry of the local stack (Apicurio 3.x, Confluent API, Kafka storage) against a real Kafka broker,
// through the official kafkajs client and the plain REST protocol our Java client speaks. Needs the stack's kafka
// and registry; starts them if they are not running (and then stops them again).
import fs from 'node:fs';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../../kafka/src/security';
import { type CompatibilityLevel, ccompatUrl, registrySettings } from '../src/apicurio';
import { catalogOrder, readCatalog } from '../src/project-schemas';
import { ErrorCode, RegistryClient, RegistryError } from '../src/rest';
import {
  PrivateRegistry,
  type StackHandle,
  ensureRegistryStack,
  freePort,
  releaseRegistryStack,
  stackRssKb,
} from './helpers';

jest.setTimeout(300_000);

const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const subject = (name: string): string => `regtest-${RUN}-${name}`;

type Field = { name: string; type: unknown; default?: unknown };
const record = (fields: Field[], name = 'T'): string =>
  JSON.stringify({ type: 'record', name, namespace: 'io.collabstream.regtest', fields });
const A: Field = { name: 'a', type: 'int' };
const B: Field = { name: 'b', type: 'string' };
const B_DEFAULT: Field = { name: 'b', type: 'string', default: 'x' };

/** What the registry answered: the id, or the Confluent error code. */
async function outcome(p: Promise<number>): Promise<number | string> {
  try {
    return `id:${await p}`;
  } catch (err) {
    if (err instanceof RegistryError) return err.errorCode;
    throw err;
  }
}

let stack: StackHandle;
let api: RegistryClient;
let baseUrl: string;

beforeAll(async () => {
  stack = await ensureRegistryStack();
  baseUrl = ccompatUrl(registrySettings(stack.ctx.config));
  api = new RegistryClient(baseUrl);
});

afterAll(async () => {
  if (stack) await releaseRegistryStack(stack);
});

describe('stack registry: acceptance', () => {
  it('registers and fetches a schema, and answers 409 for an incompatible one', async () => {
    const s = subject('acceptance');
    const id = await api.register(s, record([A]));
    expect(JSON.parse(await api.schemaById(id))).toEqual(JSON.parse(record([A])));
    const latest = await api.version(s, 'latest');
    // The fields our Java client reads from GET …/versions/latest.
    expect(latest).toMatchObject({ subject: s, version: 1, id });
    expect(JSON.parse(latest.schema)).toEqual(JSON.parse(record([A])));
    await expect(api.register(s, record([A, B]))).rejects.toMatchObject({
      status: 409,
      errorCode: ErrorCode.INCOMPATIBLE_SCHEMA,
    });
    expect(await api.versions(s)).toEqual([1]);
  });

  it('defaults to BACKWARD compatibility', async () => {
    expect(await api.compatibility()).toBe('BACKWARD');
  });

  it('holds the project schemas under <topic>-value, in schemas/registry.json order', async () => {
    const catalog = readCatalog(path.join(stack.ctx.paths.repoRoot, 'schemas'));
    if (!catalog) return;
    const ids: number[] = [];
    for (const { subject: s, file } of catalogOrder(catalog)) {
      const text = fs.readFileSync(path.join(stack.ctx.paths.repoRoot, 'schemas', 'avro', file), 'utf8');
      ids.push((await api.lookup(s, text)).id);
    }
    // Ascending: registered in catalog order (exactly 1..n on a stack whose registry started empty).
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
  });
});

describe('stack registry: ids', () => {
  it('gives the same id to the same schema, whatever its formatting or key order, and across subjects', async () => {
    const s = subject('ids');
    const compact = record([A, B_DEFAULT]);
    const id = await api.register(s, compact);
    expect(await api.register(s, JSON.stringify(JSON.parse(compact), null, 2))).toBe(id);
    const reordered = JSON.stringify({
      fields: [
        { type: 'int', name: 'a' },
        { default: 'x', type: 'string', name: 'b' },
      ],
      namespace: 'io.collabstream.regtest',
      name: 'T',
      type: 'record',
    });
    expect(await api.register(s, reordered)).toBe(id);
    expect(await api.versions(s)).toEqual([1]);
    expect(await api.register(subject('ids-other'), compact)).toBe(id);
    expect(await api.lookup(s, compact)).toMatchObject({ subject: s, version: 1, id });
  });

  it('gives a new, distinct id to a different schema', async () => {
    const s = subject('ids-new');
    const first = await api.register(s, record([A]));
    const second = await api.register(s, record([A, B_DEFAULT]));
    expect(second).not.toBe(first);
    expect(await api.versions(s)).toEqual([1, 2]);
  });
});

describe('stack registry: compatibility levels (Avro resolution rules)', () => {
  const INT_A: Field = { name: 'a', type: 'int' };
  const LONG_A: Field = { name: 'a', type: 'long' };
  const STRING_A: Field = { name: 'a', type: 'string' };
  const enumField = (symbols: string[]): Field => ({ name: 'e', type: { type: 'enum', name: 'E', symbols } });
  const cases: {
    level: CompatibilityLevel;
    why: string;
    history: string[];
    candidate: string;
    ok: boolean;
  }[] = [
    {
      level: 'BACKWARD',
      why: 'new field without default',
      history: [record([A])],
      candidate: record([A, B]),
      ok: false,
    },
    {
      level: 'BACKWARD',
      why: 'new field with default',
      history: [record([A])],
      candidate: record([A, B_DEFAULT]),
      ok: true,
    },
    { level: 'BACKWARD', why: 'removed field', history: [record([A, B])], candidate: record([A]), ok: true },
    {
      level: 'BACKWARD',
      why: 'int promoted to long',
      history: [record([INT_A])],
      candidate: record([LONG_A]),
      ok: true,
    },
    {
      level: 'BACKWARD',
      why: 'enum symbol added',
      history: [record([enumField(['x'])])],
      candidate: record([enumField(['x', 'y'])]),
      ok: true,
    },
    {
      level: 'FORWARD',
      why: 'int promoted to long',
      history: [record([INT_A])],
      candidate: record([LONG_A]),
      ok: false,
    },
    {
      level: 'FORWARD',
      why: 'new field without default',
      history: [record([A])],
      candidate: record([A, B]),
      ok: true,
    },
    {
      level: 'FORWARD',
      why: 'removed field the old reader needs',
      history: [record([A, B])],
      candidate: record([A]),
      ok: false,
    },
    {
      level: 'FORWARD',
      why: 'enum symbol added',
      history: [record([enumField(['x'])])],
      candidate: record([enumField(['x', 'y'])]),
      ok: false,
    },
    {
      level: 'FULL',
      why: 'new field with default',
      history: [record([A])],
      candidate: record([A, B_DEFAULT]),
      ok: true,
    },
    {
      level: 'FULL',
      why: 'new field without default',
      history: [record([A])],
      candidate: record([A, B]),
      ok: false,
    },
    {
      level: 'FULL',
      why: 'removed field without default',
      history: [record([A, B])],
      candidate: record([A]),
      ok: false,
    },
    {
      level: 'NONE',
      why: 'int changed to string',
      history: [record([INT_A])],
      candidate: record([STRING_A]),
      ok: true,
    },
    // Transitive levels: the candidate fits the latest version but not the first one.
    {
      level: 'BACKWARD',
      why: 'fits latest only',
      history: [record([A]), record([A, B_DEFAULT])],
      candidate: record([A, B]),
      ok: true,
    },
    {
      level: 'BACKWARD_TRANSITIVE',
      why: 'fits latest only',
      history: [record([A]), record([A, B_DEFAULT])],
      candidate: record([A, B]),
      ok: false,
    },
    {
      level: 'FORWARD',
      why: 'fits latest only',
      history: [record([A, B]), record([A, B_DEFAULT])],
      candidate: record([A]),
      ok: true,
    },
    {
      level: 'FORWARD_TRANSITIVE',
      why: 'fits latest only',
      history: [record([A, B]), record([A, B_DEFAULT])],
      candidate: record([A]),
      ok: false,
    },
    {
      level: 'FULL',
      why: 'fits latest only',
      history: [record([A, B]), record([A, B_DEFAULT])],
      candidate: record([A]),
      ok: true,
    },
    {
      level: 'FULL_TRANSITIVE',
      why: 'fits latest only',
      history: [record([A, B]), record([A, B_DEFAULT])],
      candidate: record([A]),
      ok: false,
    },
    {
      level: 'FULL_TRANSITIVE',
      why: 'drops a field the first version needs',
      history: [record([A]), record([A, B_DEFAULT])],
      candidate: record([B_DEFAULT]),
      ok: false,
    },
    {
      level: 'BACKWARD_TRANSITIVE',
      why: 'drops a field, still reads every version',
      history: [record([A]), record([A, B_DEFAULT])],
      candidate: record([B_DEFAULT]),
      ok: true,
    },
  ];

  it.each(cases.map((c, i) => ({ ...c, i })))(
    '$level: $why → ok=$ok',
    async ({ level, history, candidate, ok, i }) => {
      const s = subject(`compat-${i}`);
      // The history goes in under NONE, whatever the level it is then tested with.
      await api.setCompatibility('NONE', s);
      for (const schema of history) await api.register(s, schema);
      expect(await api.setCompatibility(level, s)).toBe(level);
      expect(await api.compatibility(s)).toBe(level);
      if (!level.endsWith('_TRANSITIVE')) expect(await api.isCompatible(s, candidate)).toBe(ok);
      const result = await outcome(api.register(s, candidate));
      if (ok) expect(result).toMatch(/^id:\d+$/);
      else expect(result).toBe(ErrorCode.INCOMPATIBLE_SCHEMA);
      expect(await api.versions(s)).toHaveLength(history.length + (ok ? 1 : 0));
    },
  );
});

describe('stack registry: errors', () => {
  it('answers with Confluent error codes', async () => {
    const s = subject('errors');
    await api.register(s, record([A]));
    const code = async (p: Promise<unknown>): Promise<number> => {
      try {
        await p;
      } catch (err) {
        if (err instanceof RegistryError) return err.errorCode;
        throw err;
      }
      throw new Error('expected an error');
    };
    expect(await code(api.version(subject('no-such-subject'), 'latest'))).toBe(ErrorCode.SUBJECT_NOT_FOUND);
    expect(await code(api.version(s, 99))).toBe(ErrorCode.VERSION_NOT_FOUND);
    expect(await code(api.schemaById(2_000_000_000))).toBe(ErrorCode.SCHEMA_NOT_FOUND);
    expect(await code(api.register(s, '{"type":"record","name":"Broken","fields":[{"name":"x"}]}'))).toBe(
      ErrorCode.INVALID_SCHEMA,
    );
    expect(await code(api.register(s, 'not json at all'))).toBe(ErrorCode.INVALID_SCHEMA);
    expect(await code(api.setCompatibility('SIDEWAYS' as CompatibilityLevel, s))).toBe(
      ErrorCode.INVALID_COMPATIBILITY_LEVEL,
    );
    expect(await code(api.lookup(s, record([A, B_DEFAULT])))).toBe(ErrorCode.SCHEMA_NOT_FOUND);
  });

  it('refuses an oversized schema body with 413 and stays up', async () => {
    const fields = Array.from({ length: 40_000 }, (_, i) => ({ name: `f${i}`, type: 'int' }));
    const err = await api.register(subject('huge'), record(fields)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).status).toBe(413);
    expect(await api.compatibility()).toBe('BACKWARD');
  });

  it('soft-deletes versions: hidden from the subject, still resolvable by id', async () => {
    const s = subject('delete');
    const id1 = await api.register(s, record([A]));
    await api.register(s, record([A, B_DEFAULT]));
    expect(await api.deleteVersion(s, 1)).toBe(1);
    expect(await api.versions(s)).toEqual([2]);
    await expect(api.version(s, 1)).rejects.toMatchObject({ errorCode: ErrorCode.VERSION_NOT_FOUND });
    expect(JSON.parse(await api.schemaById(id1))).toEqual(JSON.parse(record([A])));
  });
});

describe('stack registry: official kafkajs client (@kafkajs/confluent-schema-registry)', () => {
  it('registers, looks up, encodes and decodes a project event', async () => {
    const avsc = fs.readFileSync(
      path.join(stack.ctx.paths.repoRoot, 'schemas', 'avro', 'user_events.v2.avsc'),
      'utf8',
    );
    const s = subject('kafkajs');
    const producer = new SchemaRegistry({ host: baseUrl });
    const { id } = await producer.register({ type: SchemaType.AVRO, schema: avsc }, { subject: s });
    expect(await producer.getLatestSchemaId(s)).toBe(id);
    expect(await producer.getRegistryIdBySchema(s, { type: SchemaType.AVRO, schema: avsc })).toBe(id);
    const event = {
      event_id: 'e-1',
      event_type: 'join',
      meeting_id: 'm-1',
      user_id: 'u-1',
      org_id: 'o-1',
      timestamp: 1_764_000_000_000,
      client_platform: 'web',
    };
    const bytes = await producer.encode(id, event);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    // A fresh client has no cache: decode must fetch the writer schema by id.
    const consumer = new SchemaRegistry({ host: baseUrl });
    const decoded = (await consumer.decode(bytes)) as Record<string, unknown>;
    expect({
      ...decoded,
      timestamp: decoded.timestamp instanceof Date ? decoded.timestamp.getTime() : decoded.timestamp,
    }).toEqual(event);
  });

  it('surfaces an incompatible registration as a 409 error', async () => {
    const s = subject('kafkajs-409');
    const client = new SchemaRegistry({ host: baseUrl });
    await client.register({ type: SchemaType.AVRO, schema: record([A]) }, { subject: s });
    await expect(
      client.register({ type: SchemaType.AVRO, schema: record([A, B]) }, { subject: s }),
    ).rejects.toMatchObject({ status: 409 });
  });
});

describe('registry restart (private instance, own topics)', () => {
  let registry: PrivateRegistry;
  const topic = `_schemas-regtest-${RUN}`;

  beforeAll(async () => {
    const base = registrySettings(stack.ctx.config);
    const port = await freePort(base.host);
    const managementPort = await freePort(base.host);
    registry = new PrivateRegistry(stack.ctx, { ...base, port, managementPort, topic });
  });

  afterAll(async () => {
    await registry?.stop();
    const kafka = new Kafka({
      ...kafkaSecurityFromEnv(),
      clientId: 'registry-stack-test',
      brokers: [registrySettings(stack.ctx.config).bootstrapServers],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const existing = await admin.listTopics();
    await admin.deleteTopics({ topics: existing.filter((t) => t.startsWith(topic)) });
    await admin.disconnect();
  });

  it('keeps every id, version and compatibility level across a restart', async () => {
    await registry.start(240_000);
    const client = new RegistryClient(registry.url);
    const kafkajs = new SchemaRegistry({ host: registry.url });
    const s = 'restart-value';
    const id1 = await client.register(s, record([A]));
    const id2 = await client.register(s, record([A, B_DEFAULT]));
    await client.setCompatibility('FULL', s);
    await client.setCompatibility('FORWARD');
    const bytes = await kafkajs.encode(id2, { a: 7, b: 'seven' });
    const rssKb = registry.rssKb();
    process.stderr.write(`private registry RSS after start + writes: ${rssKb} kB\n`);

    await registry.stop();
    await registry.start(240_000);

    expect(await client.versions(s)).toEqual([1, 2]);
    expect(await client.version(s, 'latest')).toMatchObject({ version: 2, id: id2 });
    expect(JSON.parse(await client.schemaById(id1))).toEqual(JSON.parse(record([A])));
    expect(await client.compatibility(s)).toBe('FULL');
    expect(await client.compatibility()).toBe('FORWARD');
    expect(await client.register(s, record([A, B_DEFAULT]))).toBe(id2);
    // FULL still enforced after the restart: b changing from string to int reads neither way.
    expect(await outcome(client.register(s, record([A, { name: 'b', type: 'int', default: 0 }])))).toBe(
      ErrorCode.INCOMPATIBLE_SCHEMA,
    );
    const id3 = await client.register(s, record([A, B_DEFAULT, { name: 'c', type: 'long', default: 0 }]));
    expect([id1, id2]).not.toContain(id3);
    expect(await new SchemaRegistry({ host: registry.url }).decode(bytes)).toEqual({ a: 7, b: 'seven' });
  });
});

describe('stack registry: footprint', () => {
  it('reports its RSS', () => {
    const rss = stackRssKb(stack.ctx, 'registry');
    process.stderr.write(`stack registry RSS: ${rss} kB\n`);
    expect(rss).toBeGreaterThan(0);
  });
});
