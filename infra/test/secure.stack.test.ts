// The secured stack (`stack up --secure`, issue #18 item 3): Kafka takes only SASL_SSL clients with the right
// SCRAM-SHA-512 password, Trino only https clients with the right password; the registry's Kafka storage works over
// SASL_SSL; the files holding secrets (passwords, keys, the S3 keys) are readable by their owner only.
// Runs only on a secured stack (COLLAB_STACK_SECURE=1, e.g. `source <stack>/data/secure/env.sh`); skipped otherwise.
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig } from 'kafkajs';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
import { TrinoClient } from '../../query/src/trino';
import { createContext } from '../src/context';
import { runStackCommand } from '../src/main';
import { waitFor } from '../src/probe';
import { KAFKA_CLIENT_USER, TRINO_USER, readSecrets, secureFiles } from '../src/secure';

const ctx = createContext((m) => process.stdout.write(`${m}\n`));
const { config } = ctx;
const bootstrap = `${config.host}:${config.kafka.port}`;
const trinoUrl = `https://${config.host}:${config.trino.port}`;
const RUN = Date.now().toString(36);
const maybe = config.secure ? describe : describe.skip;

const client = (extra: Partial<KafkaConfig>): Kafka =>
  new Kafka({
    clientId: 'secure-test',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 5000,
    retry: { retries: 0 },
    ...extra,
  });

/** Connects an admin and lists topics: resolves with them, or rejects with the client's error. */
async function listTopics(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** POST /v1/statement to Trino with the given Authorization header: the HTTP status. */
function trinoStatus(authorization: string | undefined, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${trinoUrl}/v1/statement`,
      {
        method: 'POST',
        ca,
        headers: {
          'X-Trino-User': TRINO_USER,
          ...(authorization ? { Authorization: authorization } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('SELECT 1');
  });
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

maybe('secured stack', () => {
  const files = secureFiles(ctx);
  const env = { COLLAB_KAFKA_PROPERTIES: files.clientProperties };
  let ca = '';

  beforeAll(async () => {
    expect(await runStackCommand(['up'])).toBe(0);
    ca = fs.readFileSync(files.caPem, 'utf8');
  }, 1_500_000);

  it('secrets and the S3 keys are in files only their owner can read', () => {
    expect(fs.statSync(files.dir).mode & 0o777).toBe(0o700);
    const privateFiles = [
      files.secrets,
      files.caKey,
      files.serverKey,
      files.keystore,
      files.clientProperties,
      files.envFile,
      files.trinoPasswordFile,
      path.join(ctx.paths.conf('kafka'), 'server.properties'),
      path.join(ctx.paths.conf('trino'), 'config.properties'),
      path.join(ctx.paths.conf('trino'), 'password.db'),
      path.join(ctx.paths.conf('trino'), 'catalog', 'lake.properties'),
      path.join(ctx.paths.conf('flink'), 'config.yaml'),
      path.join(ctx.paths.data('registry'), 'config', 'application.properties'),
    ];
    for (const f of privateFiles) expect([f, fs.statSync(f).mode & 0o077]).toEqual([f, 0]);
    // No other file the stack generated holds a password or the S3 secret key.
    const secrets = Object.values(readSecrets(ctx)).concat(config.credentials.secretAccessKey);
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
        const p = path.join(dir, d.name);
        return d.isDirectory() ? walk(p) : [p];
      });
    const readable = [ctx.paths.conf('kafka'), ctx.paths.conf('trino'), ctx.paths.conf('flink')]
      .concat(ctx.paths.conf('prometheus'))
      .filter((d) => fs.existsSync(d))
      .flatMap(walk)
      .filter((f) => (fs.statSync(f).mode & 0o077) !== 0);
    for (const f of readable) {
      const text = fs.readFileSync(f, 'utf8');
      expect([f, secrets.filter((s) => text.includes(s)).length]).toEqual([f, 0]);
    }
  });

  it('Kafka: the client of client.properties (SASL_SSL, SCRAM-SHA-512) produces and consumes', async () => {
    const kafka = client(kafkaSecurityFromEnv(env));
    const topic = `secure-test-${RUN}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'secured' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: `secure-test-${RUN}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
    });
    await consumer.disconnect();
    expect(got).toBe('secured');
  }, 90_000);

  it('Kafka refuses a plaintext client, a TLS client without SASL, a wrong password and an unknown user', async () => {
    const good = kafkaSecurityFromEnv(env);
    await expect(listTopics(client({}))).rejects.toThrow();
    await expect(listTopics(client({ ssl: good.ssl }))).rejects.toThrow();
    await expect(
      listTopics(
        client({
          ssl: good.ssl,
          sasl: { mechanism: 'scram-sha-512', username: KAFKA_CLIENT_USER, password: 'wrong-password' },
        }),
      ),
    ).rejects.toThrow(/SASL|[Aa]uthentication/);
    await expect(
      listTopics(
        client({
          ssl: good.ssl,
          sasl: {
            mechanism: 'scram-sha-512',
            username: 'nobody',
            password: readSecrets(ctx).kafkaClientPassword,
          },
        }),
      ),
    ).rejects.toThrow(/SASL|[Aa]uthentication/);
    // A client that does not trust the stack's CA does not get past TLS.
    await expect(listTopics(client({ ssl: true, sasl: good.sasl }))).rejects.toThrow();
  }, 90_000);

  it('Trino: https only; no password or a wrong one is refused, the right one queries', async () => {
    const { trinoPassword } = readSecrets(ctx);
    expect(await trinoStatus(undefined, ca)).toBe(401);
    expect(await trinoStatus(basic(TRINO_USER, 'wrong-password'), ca)).toBe(401);
    expect(await trinoStatus(basic('nobody', trinoPassword), ca)).toBe(401);
    expect(await trinoStatus(basic(TRINO_USER, trinoPassword), ca)).toBe(200);
    // Plain HTTP on the port gets no Trino answer.
    const plain = await new Promise<string>((resolve) => {
      const socket = net.connect(config.trino.port, config.host, () =>
        socket.write('GET /v1/info HTTP/1.1\r\nHost: x\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (d) => (text += d.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
      socket.setTimeout(5000, () => socket.destroy());
    });
    expect(plain).not.toMatch(/"starting"/);
    const trino = new TrinoClient({
      server: trinoUrl,
      catalog: 'lake',
      schema: 'metrics',
      user: TRINO_USER,
      password: trinoPassword,
      caFile: files.caPem,
    });
    const out = await trino.query('SHOW SCHEMAS FROM lake');
    expect(out.rows.map((r) => r[0])).toEqual(expect.arrayContaining(config.trino.schemas));
    const wrong = new TrinoClient({ ...trino.settings, password: 'wrong-password' });
    await expect(wrong.query('SELECT 1')).rejects.toThrow();
  }, 120_000);

  it('Prometheus scrapes Trino over https with the password file', async () => {
    const up = await waitFor('Prometheus to have scraped Trino', 60_000, async () => {
      const res = await fetch(
        `http://${config.host}:${config.prometheus.port}/api/v1/query?query=${encodeURIComponent('up{job="trino"}')}`,
      );
      const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
      return body.data.result[0]?.value[1] === '1' || undefined;
    });
    expect(up).toBe(true);
  }, 90_000);

  it('the registry keeps its schemas in Kafka over SASL_SSL', async () => {
    const res = await fetch(`http://${config.host}:${config.registry.port}/apis/ccompat/v7/subjects`);
    expect(res.ok).toBe(true);
    expect(((await res.json()) as string[]).length).toBeGreaterThan(0);
    // Its journal topic is there, read through an authenticated client.
    expect(await listTopics(client(kafkaSecurityFromEnv(env)))).toContain(config.registry.topic);
  }, 60_000);
});

if (!config.secure) {
  it('secured-stack tests are skipped: the stack is not secure (COLLAB_STACK_SECURE unset)', () => undefined);
}
