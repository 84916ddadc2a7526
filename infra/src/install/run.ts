// Runs an installer command (mvn, pip, go, apt-get) with progress shown to the user, and turns a failure into an
// error that names the command and carries the tail of its output — the usual cause of a failed download.
import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Called with each output line; used to print progress. */
  onLine?: (line: string) => void;
}

export class InstallError extends Error {}

// Installs run in parallel (a Go build and downloads overlap), but two Maven processes writing one local
// repository at once can corrupt it: every `mvn` waits for the previous one.
let mavenQueue: Promise<unknown> = Promise.resolve();

export function run(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  if (command !== 'mvn') return runNow(command, args, options);
  const result = mavenQueue.then(() => runNow(command, args, options));
  mavenQueue = result.catch(() => undefined);
  return result;
}

function runNow(command: string, args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split(/\r?\n|\r/);
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 400) lines.shift();
        options.onLine?.(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => reject(new InstallError(`cannot run ${command}: ${err.message}`)));
    child.once('close', (code) => {
      if (partial) lines.push(partial);
      if (code === 0) resolve(lines.join('\n'));
      else
        reject(
          new InstallError(
            `${command} ${args.join(' ')} failed (exit ${code}).\n--- last output ---\n${lines.slice(-30).join('\n')}`,
          ),
        );
    });
  });
}

/** Progress printer that shows at most one line every few seconds, so long downloads stay readable. */
export function throttledProgress(log: (message: string) => void, prefix: string, everyMs = 3000) {
  let last = 0;
  return (line: string): void => {
    const now = Date.now();
    // eslint-disable-next-line no-control-regex -- Maven colours its output even when piped.
    const trimmed = line.replace(/\u001b\[[0-9;]*m/g, '').trim();
    if (!trimmed || now - last < everyMs) return;
    last = now;
    log(`${prefix} ${trimmed.length > 140 ? `${trimmed.slice(0, 137)}...` : trimmed}`);
  };
}
