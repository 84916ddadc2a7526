// Loads infra/stack.config.json (the single source of ports, heaps and versions) and applies env overrides, so
// CI or a developer with a busy port can move a service without editing the file.
import fs from 'node:fs';
import path from 'node:path';

export interface KafkaConfig {
  port: number;
  controllerPort: number;
  metricsPort: number;
  heapMb: number;
  readyTimeoutSec: number;
}
export interface RegistryConfig {
  port: number;
  heapMb: number;
  /** Compacted Kafka topic holding the schemas. */
  topic: string;
  readyTimeoutSec: number;
}
export interface S3Config {
  port: number;
  region: string;
  buckets: string[];
  defaultAccessKey: string;
  defaultSecretKey: string;
  readyTimeoutSec: number;
}
export interface FlinkConfig {
  restPort: number;
  rpcPort: number;
  blobPort: number;
  jobManagerMetricsPort: number;
  /** The first TaskManager's Prometheus port; TaskManager i (from 1) listens on this + i − 1. */
  taskManagerMetricsPort: number;
  /** TaskManager processes (1–8): two, so jobs run at parallelism 2 across processes and one can be killed. */
  taskManagers: number;
  jobManagerProcessMb: number;
  taskManagerProcessMb: number;
  taskSlots: number;
  checkpointsBucket: string;
  readyTimeoutSec: number;
}
export interface TrinoConfig {
  port: number;
  heapMb: number;
  queryMaxMemoryMb: number;
  lakeBucket: string;
  schemas: string[];
  readyTimeoutSec: number;
}
export interface PrometheusConfig {
  port: number;
  scrapeIntervalSec: number;
  readyTimeoutSec: number;
}
export type LogFormat = 'text' | 'json';
export interface LogsConfig {
  /** json: Flink, Kafka and Trino write JSON lines (infra/README.md, "Structured logs"); default text. */
  format: LogFormat;
}
export interface StackConfig {
  host: string;
  stackDir: string;
  versions: {
    kafka: string;
    jmxExporter: string;
    flink: string;
    /** flink-s3-fs-hadoop: Central has no 2.2.1 of it; the 2.2.0 plugin runs in its own classloader. */
    flinkS3Plugin: string;
    trino: string;
    versitygw: string;
  };
  kafka: KafkaConfig;
  registry: RegistryConfig;
  s3: S3Config;
  flink: FlinkConfig;
  trino: TrinoConfig;
  prometheus: PrometheusConfig;
  logs: LogsConfig;
  /**
   * The secured stack (`up --secure`, env COLLAB_STACK_SECURE=1 or `"secure": true`): Kafka SASL_SSL with
   * SCRAM-SHA-512, Trino over https with password authentication (infra/src/secure.ts).
   */
  secure: boolean;
  /** S3 credentials: from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the local-only defaults. */
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export const CONFIG_FILE = path.resolve(__dirname, '..', 'stack.config.json');

export type Env = Record<string, string | undefined>;

function intFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new Error(`${name}=${raw} is not a valid port number`);
  }
  return value;
}

/** Parses a config object (already JSON-decoded) and applies env overrides; throws on missing sections. */
export function parseConfig(raw: unknown, env: Env = process.env): StackConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('stack config must be a JSON object');
  const base = raw as Omit<StackConfig, 'credentials' | 'secure'> & { secure?: unknown };
  for (const key of ['versions', 'kafka', 'registry', 's3', 'flink', 'trino', 'prometheus'] as const) {
    if (typeof base[key] !== 'object' || base[key] === null) throw new Error(`stack config lacks "${key}"`);
  }
  const format = base.logs?.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new Error(`stack config: logs.format must be "text" or "json", not ${JSON.stringify(format)}`);
  }
  const taskManagers = base.flink.taskManagers ?? 1;
  if (!Number.isInteger(taskManagers) || taskManagers < 1 || taskManagers > 8) {
    throw new Error(`stack config: flink.taskManagers must be an integer from 1 to 8, not ${taskManagers}`);
  }
  const config: StackConfig = {
    ...base,
    logs: { format },
    secure: ['1', 'true'].includes(env.COLLAB_STACK_SECURE ?? '') || base.secure === true,
    stackDir: env.COLLAB_STACK_DIR || base.stackDir,
    kafka: { ...base.kafka, port: intFromEnv(env, 'COLLAB_KAFKA_PORT', base.kafka.port) },
    registry: { ...base.registry, port: intFromEnv(env, 'COLLAB_REGISTRY_PORT', base.registry.port) },
    s3: { ...base.s3, port: intFromEnv(env, 'COLLAB_S3_PORT', base.s3.port) },
    flink: {
      ...base.flink,
      taskManagers,
      restPort: intFromEnv(env, 'COLLAB_FLINK_PORT', base.flink.restPort),
    },
    trino: { ...base.trino, port: intFromEnv(env, 'COLLAB_TRINO_PORT', base.trino.port) },
    prometheus: { ...base.prometheus, port: intFromEnv(env, 'COLLAB_PROMETHEUS_PORT', base.prometheus.port) },
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID || base.s3.defaultAccessKey,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY || base.s3.defaultSecretKey,
    },
  };
  return config;
}

export function loadConfig(env: Env = process.env, file: string = CONFIG_FILE): StackConfig {
  return parseConfig(JSON.parse(fs.readFileSync(file, 'utf8')), env);
}

/** The pid-file ids of the TaskManager processes: `flink-taskmanager-1` … `flink-taskmanager-<n>`. */
export const taskManagerProcessIds = (config: StackConfig): string[] =>
  Array.from({ length: config.flink.taskManagers }, (_, i) => `flink-taskmanager-${i + 1}`);

/** The Prometheus port of each TaskManager process, in the order of {@link taskManagerProcessIds}. */
export const taskManagerMetricsPorts = (config: StackConfig): number[] =>
  taskManagerProcessIds(config).map((_, i) => config.flink.taskManagerMetricsPort + i);
