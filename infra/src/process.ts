// Process bookkeeping: each stack process runs detached with a pid file and a log file, so `down` and `status`
// work from a different shell than `up`, and only processes we started are ever signalled.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { StackPaths } from './paths';
import type { ProcessSpec } from './service';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means it exists but is not ours to signal — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid recorded for a process id, if its file exists and the process is still alive. */
export function livePid(paths: StackPaths, id: string): number | undefined {
  const file = paths.pid(id);
  if (!fs.existsSync(file)) return undefined;
  const [pidText, startText] = fs.readFileSync(file, 'utf8').trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  // A pid file left by a crash may name a pid the OS has since reused: compare the kernel's start time, which
  // (unlike the command line) survives an exec such as Trino's launcher becoming java.
  if (startText !== undefined && processStartTime(pid) !== startText) return undefined;
  return pid;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after the closing parenthesis are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Starts a process detached (own process group), stdout+stderr appended to its log file. Returns its pid. */
export function spawnDetached(paths: StackPaths, spec: ProcessSpec): number {
  fs.mkdirSync(paths.run, { recursive: true });
  fs.mkdirSync(paths.logs, { recursive: true });
  const logFile = paths.log(spec.id);
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n==== ${new Date().toISOString()} starting ${spec.command} ${spec.args.join(' ')}\n`);
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd ?? paths.root,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${spec.id} (${spec.command})`);
  child.unref();
  fs.writeFileSync(paths.pid(spec.id), `${child.pid} ${processStartTime(child.pid) ?? ''}\n`);
  return child.pid;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM the process group, wait up to graceMs, then SIGKILL. Removes the pid file. */
export async function stopProcess(paths: StackPaths, id: string, graceMs = 20_000): Promise<boolean> {
  const pid = livePid(paths, id);
  const file = paths.pid(id);
  if (pid === undefined) {
    fs.rmSync(file, { force: true });
    return false;
  }
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    signalGroup(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
  fs.rmSync(file, { force: true });
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // Negative pid: the whole group we created with detached:true (e.g. a JVM's children).
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** True when something already listens on host:port (bind fails with EADDRINUSE). */
export function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'EADDRINUSE' || err.code === 'EACCES'),
    );
    server.once('listening', () => server.close(() => resolve(false)));
    server.listen({ host, port, exclusive: true });
  });
}

/** Last lines of a log file, for "did not become ready" messages. */
export function tailFile(file: string, lines = 40): string {
  if (!fs.existsSync(file)) return `(no log at ${file})`;
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  const length = Math.min(size, 64 * 1024);
  const buffer = Buffer.alloc(length);
  fs.readSync(fd, buffer, 0, length, size - length);
  fs.closeSync(fd);
  return buffer.toString('utf8').split('\n').slice(-lines).join('\n');
}

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeFileIfChanged(file: string, content: string): void {
  ensureDir(path.dirname(file));
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return;
  fs.writeFileSync(file, content);
}
