// Small helpers shared by the benchmark steps: medians, child processes with captured output, machine facts.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { ROOT } from './paths';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile (p in 0..100): a value that was measured, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function log(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

export interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command to completion, capturing its output (and mirroring stderr lines when `echo` is set). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    echo?: boolean;
    timeoutMs?: number;
    /** Hears stdout as it comes (a long-running child's progress lines). */
    onStdout?: (chunk: string) => void;
  } = {},
): Promise<Finished> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(d.toString());
      if (options.echo) process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (options.echo) process.stderr.write(d);
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    });
  });
}

function firstLine(command: string, args: readonly string[]): string | null {
  try {
    const out = execFileSync(command, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.split('\n')[0]?.trim() ?? null;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr;
    return stderr ? (stderr.split('\n')[0]?.trim() ?? null) : null;
  }
}

export interface MachineInfo {
  readonly hostname: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly loadAverageAtStart: readonly number[];
  readonly node: string;
  readonly java: string | null;
  readonly maven: string | null;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean;
}

export function machineInfo(): MachineInfo {
  const status = firstLine('git', ['status', '--porcelain']);
  return {
    hostname: os.hostname(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    java: firstLine('java', ['-version']),
    maven: firstLine('mvn', ['-v']),
    gitCommit: firstLine('git', ['rev-parse', 'HEAD']),
    gitDirty: status !== null && status !== '',
  };
}

/** Versions that matter to the numbers, read from the files that pin them. */
export function pinnedVersions(): Record<string, string> {
  const pom = fs.readFileSync(`${ROOT}/pom.xml`, 'utf8');
  const prop = (name: string) => pom.match(new RegExp(`<${name}>([^<]+)</${name}>`))?.[1] ?? 'unknown';
  const pkg = JSON.parse(fs.readFileSync(`${ROOT}/package.json`, 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const stack = JSON.parse(fs.readFileSync(`${ROOT}/infra/stack.config.json`, 'utf8')) as {
    versions: Record<string, string>;
  };
  return {
    flink: prop('flink.version'),
    flinkKafkaConnector: prop('flink.kafka.connector.version'),
    avroJava: prop('avro.version'),
    kafkaBroker: stack.versions.kafka ?? 'unknown',
    kafkajs: pkg.dependencies.kafkajs ?? 'unknown',
    avsc: pkg.dependencies.avsc ?? 'unknown',
    typescript: pkg.dependencies.typescript ?? 'unknown',
    tsMorph: pkg.dependencies['ts-morph'] ?? 'unknown',
  };
}
