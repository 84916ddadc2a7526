// up / down for a list of services: install, port checks, spawn, readiness wait, setup; and the reverse.
import fs from 'node:fs';
import path from 'node:path';
import { livePid, portInUse, spawnDetached, stopProcess, tailFile } from './process';
import type { Service, StackContext } from './service';

export class StackError extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Pid-file ids belonging to a service: by convention `<service>` or `<service>-<part>`. */
export function processIdsOf(ctx: StackContext, service: string): string[] {
  if (!fs.existsSync(ctx.paths.run)) return [];
  return fs
    .readdirSync(ctx.paths.run)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => f.slice(0, -'.pid'.length))
    .filter((id) => id === service || id.startsWith(`${service}-`))
    .sort();
}

/** Installs in parallel: the Go build is CPU-bound while the JVM services mostly wait on downloads. */
export async function installAll(ctx: StackContext, services: readonly Service[]): Promise<void> {
  const started = Date.now();
  const results = await Promise.allSettled(
    services.map(async (service) => {
      const t0 = Date.now();
      await service.install(ctx);
      const secs = (Date.now() - t0) / 1000;
      if (secs > 1) ctx.log(`  ${service.name}: installed in ${secs.toFixed(0)} s`);
    }),
  );
  const failures = results
    .map((r, i) =>
      r.status === 'rejected' ? `installing ${services[i]?.name} failed: ${(r.reason as Error).message}` : '',
    )
    .filter(Boolean);
  if (failures.length > 0) throw new StackError(failures.join('\n'));
  const secs = (Date.now() - started) / 1000;
  if (secs > 1) ctx.log(`  all installs done in ${secs.toFixed(0)} s`);
}

async function waitReady(ctx: StackContext, service: Service, ids: string[]): Promise<void> {
  const timeoutMs = service.readyTimeoutMs(ctx);
  const deadline = Date.now() + timeoutMs;
  let lastNote = Date.now();
  for (;;) {
    if (await service.ready(ctx)) return;
    const dead = ids.filter((id) => livePid(ctx.paths, id) === undefined);
    if (dead.length > 0) {
      throw new StackError(
        `${service.name}: process ${dead.join(', ')} exited while starting.\n` +
          dead.map((id) => `--- tail of ${ctx.paths.log(id)} ---\n${tailFile(ctx.paths.log(id))}`).join('\n'),
      );
    }
    if (Date.now() > deadline) {
      throw new StackError(
        `${service.name} did not become ready within ${Math.round(timeoutMs / 1000)} s.\n` +
          ids.map((id) => `--- tail of ${ctx.paths.log(id)} ---\n${tailFile(ctx.paths.log(id))}`).join('\n'),
      );
    }
    if (Date.now() - lastNote > 10_000) {
      ctx.log(`  ${service.name}: waiting for readiness…`);
      lastNote = Date.now();
    }
    await sleep(500);
  }
}

/** Starts one service unless its processes are already running; idempotent. */
export async function startService(ctx: StackContext, service: Service): Promise<void> {
  const specs = await service.processes(ctx);
  if (specs.length === 0) {
    ctx.log(`- ${service.name}: not provided (no process defined), skipped`);
    return;
  }
  const ids = specs.map((s) => s.id);
  const running = ids.filter((id) => livePid(ctx.paths, id) !== undefined);
  if (running.length === ids.length) {
    ctx.log(`- ${service.name}: already running`);
    await waitReady(ctx, service, ids);
  } else {
    // Half-started (some processes died): stop what is left so ports are free and start cleanly.
    for (const id of running) await stopProcess(ctx.paths, id);
    for (const port of service.ports(ctx)) {
      if (await portInUse(ctx.config.host, port)) {
        throw new StackError(
          `${service.name}: port ${ctx.config.host}:${port} is already taken by a process that is not ours.\n` +
            `  Find it with: ss -ltnp 'sport = :${port}'  — or move ${service.name} in infra/stack.config.json ` +
            `(or its COLLAB_*_PORT variable).`,
        );
      }
    }
    const started = Date.now();
    for (const spec of specs) {
      const pid = spawnDetached(ctx.paths, spec);
      ctx.log(
        `- ${service.name}: started ${spec.id} (pid ${pid}), log ${path.relative(process.cwd(), ctx.paths.log(spec.id))}`,
      );
    }
    await waitReady(ctx, service, ids);
    ctx.log(`  ${service.name}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (service.afterReady) {
    try {
      await service.afterReady(ctx);
    } catch (err) {
      throw new StackError(`${service.name}: setup after start failed: ${(err as Error).message}`);
    }
  }
}

export async function stopService(ctx: StackContext, service: Service): Promise<string[]> {
  const stopped: string[] = [];
  for (const id of processIdsOf(ctx, service.name).reverse()) {
    if (await stopProcess(ctx.paths, id)) stopped.push(id);
  }
  return stopped;
}

/**
 * Starts again the one process `id` of a service whose other processes keep running (a TaskManager after a
 * crash, while its JobManager and jobs stay up), then waits for the service to be ready.
 */
export async function restartProcess(ctx: StackContext, service: Service, id: string): Promise<number> {
  const spec = (await service.processes(ctx)).find((s) => s.id === id);
  if (!spec) throw new StackError(`${service.name} has no process ${id}`);
  if (livePid(ctx.paths, id) !== undefined) throw new StackError(`${id} is still running`);
  const pid = spawnDetached(ctx.paths, spec);
  ctx.log(`- ${service.name}: restarted ${id} (pid ${pid})`);
  await waitReady(ctx, service, [id]);
  return pid;
}
