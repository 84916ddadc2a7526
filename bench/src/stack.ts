// The local stack for the steps that need it (ingest, pipeline, latency, queries): used as it is when it is up
// (another engineer's, left up), started with `npm run stack:up` when it is not (and stopped again afterwards).
import { createContext } from '../../infra/src/context';
import { startService, stopService } from '../../infra/src/lifecycle';
import { tcpOpen } from '../../infra/src/probe';
import { SERVICES } from '../../infra/src/services';
import { log, runCommand } from './util';

export interface StackLease {
  readonly startedHere: boolean;
  release(): Promise<void>;
}

/** Makes sure the services listening on `ports` are up; `release` stops the stack when this call started it. */
export async function leaseStack(step: string, host: string, ports: readonly number[]): Promise<StackLease> {
  const open = await Promise.all(ports.map((port) => tcpOpen(host, port)));
  if (open.every(Boolean)) {
    log(`${step}: using the stack that is already up (it stays up)`);
    return { startedHere: false, release: async () => undefined };
  }
  log(`${step}: the stack is down; starting it (npm run stack:up)`);
  const up = await runCommand('npm', ['run', 'stack:up'], { echo: true, timeoutMs: 20 * 60_000 });
  const down = async () => {
    log(`${step}: stopping the stack this step started (npm run stack:down)`);
    await runCommand('npm', ['run', 'stack:down'], { echo: true, timeoutMs: 10 * 60_000 });
  };
  if (up.code !== 0) {
    await down();
    throw new Error('npm run stack:up failed');
  }
  return { startedHere: true, release: down };
}

/**
 * Stops and starts the Flink cluster, so that a step's jobs run in fresh JobManager and TaskManager JVMs: no class
 * loaders or JIT state of earlier jobs, the same starting point for every step.
 */
export async function restartFlink(): Promise<void> {
  const ctx = createContext(log);
  const flink = SERVICES.find((s) => s.name === 'flink');
  if (!flink) throw new Error('the stack has no flink service');
  log('restarting the Flink cluster (fresh JVMs for this step)');
  await stopService(ctx, flink);
  await startService(ctx, flink);
}
