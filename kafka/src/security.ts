// Kafka client security for every TypeScript client (simulator, e2e, CLI, dashboard, tests): the settings come from a
// Java-style client properties file named by COLLAB_KAFKA_PROPERTIES (the same file the generated jobs read, see
// runtime/CONTEXT.md) and env overrides, never from code. Without any of them a client connects in plaintext, as before.
import fs from 'node:fs';
import path from 'node:path';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

type Env = Record<string, string | undefined>;

/** The env variable naming the client properties file. */
export const KAFKA_PROPERTIES_ENV = 'COLLAB_KAFKA_PROPERTIES';

/**
 * Env overrides, each winning over the file's entry: `COLLAB_KAFKA_SECURITY_PROTOCOL`, `COLLAB_KAFKA_SASL_MECHANISM`,
 * `COLLAB_KAFKA_SASL_USERNAME`, `COLLAB_KAFKA_SASL_PASSWORD`, `COLLAB_KAFKA_SSL_CA` (a PEM file).
 */
const ENV_OVERRIDES: Record<string, string> = {
  COLLAB_KAFKA_SECURITY_PROTOCOL: 'security.protocol',
  COLLAB_KAFKA_SASL_MECHANISM: 'sasl.mechanism',
  COLLAB_KAFKA_SASL_USERNAME: 'sasl.username',
  COLLAB_KAFKA_SASL_PASSWORD: 'sasl.password',
  COLLAB_KAFKA_SSL_CA: 'ssl.ca.location',
};

/**
 * Parses Java properties text: `key=value`, `key: value` or `key value`; `#`/`!` comments; backslash line
 * continuations and escapes (`\\`, `\n`, `\t`, `\uXXXX`, `\=`, `\:`).
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const physical = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < physical.length; i++) {
    let line = (physical[i] ?? '').replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    // An odd number of trailing backslashes continues the line.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < physical.length) {
      line = line.slice(0, -1) + (physical[++i] ?? '').replace(/^[ \t\f]+/, '');
    }
    let k = 0;
    let key = '';
    for (; k < line.length; k++) {
      const c = line[k] as string;
      if (c === '\\') {
        key += unescapeChar(line, k);
        k += escapeLength(line, k) - 1;
        continue;
      }
      if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
      key += c;
    }
    let rest = line.slice(k).replace(/^[ \t\f]*/, '');
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]*/, '');
    let value = '';
    for (let v = 0; v < rest.length; v++) {
      if (rest[v] === '\\') {
        value += unescapeChar(rest, v);
        v += escapeLength(rest, v) - 1;
      } else value += rest[v];
    }
    out.set(key, value);
  }
  return out;
}

function escapeLength(s: string, at: number): number {
  return s[at + 1] === 'u' ? 6 : 2;
}

function unescapeChar(s: string, at: number): string {
  const c = s[at + 1];
  switch (c) {
    case undefined:
      return '';
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'f':
      return '\f';
    case 'u':
      return String.fromCharCode(parseInt(s.slice(at + 2, at + 6), 16));
    default:
      return c;
  }
}

/** The client properties: the file named by COLLAB_KAFKA_PROPERTIES (if set), then the env overrides. */
export function kafkaClientProperties(env: Env = process.env): Map<string, string> {
  const props = new Map<string, string>();
  const file = env[KAFKA_PROPERTIES_ENV];
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`${KAFKA_PROPERTIES_ENV}=${file}: cannot read it (${(err as Error).message})`);
    }
    for (const [k, v] of parseProperties(text)) props.set(k, v);
  }
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') props.set(key, value);
  }
  return props;
}

/** `username`/`password` out of a `sasl.jaas.config` such as Kafka's ScramLoginModule line. */
export function jaasCredentials(jaas: string): { username?: string; password?: string } {
  const field = (name: string): string | undefined => {
    const m = new RegExp(`\\b${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;]+))`).exec(jaas);
    if (!m) return undefined;
    return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
  };
  return { username: field('username'), password: field('password') };
}

/** What kafkajs takes: `ssl` and `sasl` of its KafkaConfig (empty in plaintext). */
export type KafkajsSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

const MECHANISMS: Record<string, SASLOptions['mechanism']> = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
};

/**
 * Maps Kafka client properties onto kafkajs options. `security.protocol` PLAINTEXT (default), SSL, SASL_PLAINTEXT or
 * SASL_SSL; `sasl.mechanism` PLAIN or SCRAM-SHA-256/512 with `sasl.jaas.config` (or `sasl.username`/`sasl.password`);
 * the CA as a PEM file (`ssl.ca.location`, or `ssl.truststore.location` with `ssl.truststore.type=PEM`) or inline PEM
 * (`ssl.truststore.certificates`); `ssl.endpoint.identification.algorithm=` (empty) turns host-name checks off.
 * Relative file paths are resolved against `baseDir` (the properties file's folder).
 */
export function kafkajsSecurity(
  props: ReadonlyMap<string, string>,
  baseDir = process.cwd(),
): KafkajsSecurity {
  const protocol = (props.get('security.protocol') ?? 'PLAINTEXT').toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw new Error(`security.protocol ${protocol} is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL`);
  }
  const out: KafkajsSecurity = {};
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const ssl: { ca?: string; checkServerIdentity?: () => undefined } = {};
    const type = (props.get('ssl.truststore.type') ?? '').toUpperCase();
    const caFile =
      props.get('ssl.ca.location') ?? (type === 'PEM' ? props.get('ssl.truststore.location') : undefined);
    const inline = props.get('ssl.truststore.certificates');
    if (caFile) ssl.ca = fs.readFileSync(path.resolve(baseDir, caFile), 'utf8');
    else if (inline) ssl.ca = inline;
    else if (props.has('ssl.truststore.location')) {
      throw new Error(
        'ssl.truststore.location of a JKS/PKCS12 store cannot be read by Node: give the CA as PEM ' +
          '(ssl.ca.location, or ssl.truststore.type=PEM) as well',
      );
    }
    if (props.get('ssl.endpoint.identification.algorithm') === '') ssl.checkServerIdentity = () => undefined;
    out.ssl = Object.keys(ssl).length > 0 ? ssl : true;
  }
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') {
    const name = (props.get('sasl.mechanism') ?? 'GSSAPI').toUpperCase();
    const mechanism = MECHANISMS[name];
    if (!mechanism)
      throw new Error(`sasl.mechanism ${name} is not supported here (PLAIN, SCRAM-SHA-256/512)`);
    const jaas = props.get('sasl.jaas.config');
    const fromJaas = jaas ? jaasCredentials(jaas) : {};
    const username = props.get('sasl.username') ?? fromJaas.username;
    const password = props.get('sasl.password') ?? fromJaas.password;
    if (!username || password === undefined) {
      throw new Error(
        `sasl.mechanism ${name} needs a username and password (sasl.jaas.config or sasl.username/password)`,
      );
    }
    out.sasl = { mechanism, username, password } as SASLOptions;
  }
  return out;
}

/** `ssl`/`sasl` for a kafkajs client from this process's environment: spread it into `new Kafka({...})`. */
export function kafkaSecurityFromEnv(env: Env = process.env): KafkajsSecurity {
  const file = env[KAFKA_PROPERTIES_ENV];
  return kafkajsSecurity(kafkaClientProperties(env), file ? path.dirname(path.resolve(file)) : process.cwd());
}
