// Test helpers for the registry's stack test: make sure the stack's Kafka + registry run (starting them only if
// nobody else did), and start/stop a private Apicurio instance from the same definition the stack uses.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createContext } from '../../src/context';
import { installAll, processIdsOf, startService, stopService } from '../../src/lifecycle';
import { withDependencies } from '../../src/order';
import { livePid, tailFile } from '../../src/process';
import { httpOk } from '../../src/probe';
import type { StackContext } from '../../src/service';
import { SERVICES } from '../../src/services';
import { javaHomeAtLeast } from '../../src/services/java';
import {
  APICURIO_MIN_JAVA,
  apicurioHome,
  apicurioProcess,
  ccompatUrl,
  healthUrl,
  type RegistrySettings,
} from '../src/apicurio';

export interface StackHandle {
  ctx: StackContext;
  /** Services this test started and must stop again (empty when the stack was already up). */
  startedHere: string[];
}

/** Brings up kafka + registry unless they already run; idempotent like `stack up registry`. */
export async function ensureRegistryStack(): Promise<StackHandle> {
  const ctx = createContext((m) => process.stderr.write(`${m}\n`));
  const services = withDependencies(SERVICES, ['registry']);
  const isRunning = (name: string): boolean =>
    processIdsOf(ctx, name).some((id) => livePid(ctx.paths, id) !== undefined);
  const startedHere = services.filter((s) => !isRunning(s.name)).map((s) => s.name);
  await installAll(ctx, services);
  for (const service of services) await startService(ctx, service);
  return { ctx, startedHere };
}

export async function releaseRegistryStack(handle: StackHandle): Promise<void> {
  for (const name of [...handle.startedHere].reverse()) {
    const service = SERVICES.find((s) => s.name === name);
    if (service) await stopService(handle.ctx, service);
  }
}

export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A private Apicurio process (own ports and topics) run from the stack's installed bundle. */
export class PrivateRegistry {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly logFile: string;

  constructor(
    private readonly ctx: StackContext,
    readonly settings: RegistrySettings,
  ) {
    this.logFile = path.join(ctx.paths.logs, `registry-private-${settings.port}.log`);
  }

  get url(): string {
    return ccompatUrl(this.settings);
  }

  async start(timeoutMs: number): Promise<void> {
    const spec = apicurioProcess(
      'registry-private',
      apicurioHome(this.ctx, this.settings.version),
      javaHomeAtLeast(APICURIO_MIN_JAVA),
      this.settings,
      fs.mkdtempSync(path.join(this.ctx.paths.data('registry'), 'private-')),
    );
    fs.mkdirSync(path.dirname(this.logFile), { recursive: true });
    const fd = fs.openSync(this.logFile, 'a');
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    this.child = child;
    let gone = false;
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        gone = true;
        resolve();
      }),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (gone) throw new Error(`private registry exited while starting:\n${tailFile(this.logFile)}`);
      if ((await httpOk(healthUrl(this.settings))) && (await httpOk(`${this.url}/config`))) return;
      if (Date.now() > deadline) {
        throw new Error(`private registry not ready in ${timeoutMs / 1000} s:\n${tailFile(this.logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** SIGTERM (Quarkus shuts down cleanly), SIGKILL if it hangs. */
  async stop(graceMs = 20_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  rssKb(): number | undefined {
    const pid = this.child?.pid;
    if (pid === undefined) return undefined;
    const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  }
}

/** RSS of a stack process from its pid file, in kB. */
export function stackRssKb(ctx: StackContext, id: string): number | undefined {
  const pid = livePid(ctx.paths, id);
  if (pid === undefined) return undefined;
  const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : undefined;
}
