// `collab-stream stack up | down | status | logs <service>`: the entry point (tsx infra/src/main.ts …) and the
// function the project CLI calls.
import fs from 'node:fs';
import { createContext, secureMarker } from './context';
import { StackError, installAll, processIdsOf, startService, stopService } from './lifecycle';
import { startOrder, withDependencies } from './order';
import { livePid, stopProcess, tailFile } from './process';
import { ensureSecureMaterial, secureFiles } from './secure';
import type { StackContext } from './service';
import { SERVICES } from './services';

const USAGE = `usage: collab-stream stack <command>
  up [service…] [--secure] install (first run) and start the stack, or the named services and their dependencies;
                           --secure (or COLLAB_STACK_SECURE=1): Kafka SASL_SSL/SCRAM, Trino https + password
  down [--purge]           stop every process of ours; --purge also deletes data, logs and generated configs
  status                   each service's URLs, pids and health
  logs <service> [-n N]    the last N (default 100) lines of the service's logs
  install                  download and build everything without starting`;

async function up(ctx: StackContext, names: string[]): Promise<number> {
  const services = withDependencies(SERVICES, names);
  const started = Date.now();
  ctx.log(
    `stack up${ctx.config.secure ? ' (secure)' : ''}: ${services.map((s) => s.name).join(' → ')} (state in ${ctx.paths.root})`,
  );
  await installAll(ctx, services);
  if (ctx.config.secure) {
    await ensureSecureMaterial(ctx);
    fs.mkdirSync(ctx.paths.run, { recursive: true });
    fs.writeFileSync(secureMarker(ctx.paths), 'started with up --secure: down removes this\n');
  }
  for (const service of services) await startService(ctx, service);
  ctx.log(`stack up: all ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (ctx.config.secure) {
    ctx.log(
      `stack up: secured — clients: source ${secureFiles(ctx).envFile} (Kafka client properties ` +
        `${secureFiles(ctx).clientProperties}, both 0600)`,
    );
  }
  await status(ctx);
  return 0;
}

async function down(ctx: StackContext, purge: boolean): Promise<number> {
  for (const service of startOrder(SERVICES).reverse()) {
    const stopped = await stopService(ctx, service);
    if (stopped.length > 0) ctx.log(`- ${service.name}: stopped ${stopped.join(', ')}`);
  }
  // Pid files of processes no service claims any more (a renamed service): still ours, still stopped.
  if (fs.existsSync(ctx.paths.run)) {
    for (const file of fs.readdirSync(ctx.paths.run).filter((f) => f.endsWith('.pid'))) {
      const id = file.slice(0, -'.pid'.length);
      if (await stopProcess(ctx.paths, id)) ctx.log(`- stopped leftover ${id}`);
    }
  }
  fs.rmSync(secureMarker(ctx.paths), { force: true });
  if (purge) {
    for (const dir of ['data', 'logs', 'conf', 'run']) {
      fs.rmSync(`${ctx.paths.root}/${dir}`, { recursive: true, force: true });
    }
    ctx.log(`stack down: purged data and logs (kept the download cache ${ctx.paths.cache})`);
  } else {
    ctx.log('stack down: done (data kept; use --purge to delete it)');
  }
  return 0;
}

async function status(ctx: StackContext): Promise<number> {
  let allHealthy = true;
  for (const service of startOrder(SERVICES)) {
    const ids = processIdsOf(ctx, service.name);
    const pids = ids.map((id) => `${id}=${livePid(ctx.paths, id) ?? 'dead'}`);
    const running = ids.some((id) => livePid(ctx.paths, id) !== undefined);
    const healthy = running && (await service.ready(ctx));
    if (running && !healthy) allHealthy = false;
    const state = healthy ? 'healthy' : running ? 'UNHEALTHY' : 'stopped';
    const urls = Object.entries(service.urls(ctx))
      .map(([k, v]) => `${k} ${v}`)
      .join('  ');
    ctx.log(`${service.name.padEnd(11)} ${state.padEnd(9)} ${(pids.join(' ') || '-').padEnd(34)} ${urls}`);
  }
  return allHealthy ? 0 : 1;
}

function logs(ctx: StackContext, name: string | undefined, lines: number): number {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) {
    ctx.log(`stack logs: name one of ${SERVICES.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const ids = processIdsOf(ctx, service.name);
  const files = fs.existsSync(ctx.paths.logs)
    ? fs
        .readdirSync(ctx.paths.logs)
        .filter((f) => f === `${service.name}.log` || f.startsWith(`${service.name}-`))
        .map((f) => f.slice(0, -'.log'.length))
    : [];
  for (const id of [...new Set([...ids, ...files])].sort()) {
    ctx.log(`==> ${ctx.paths.log(id)} <==`);
    ctx.log(tailFile(ctx.paths.log(id), lines));
  }
  return 0;
}

/** Where the CLI's `--log-format json` sends progress and errors; status and logs print their results as-is. */
export interface StackLog {
  info(message: string): void;
  error(message: string): void;
}

export async function runStackCommand(argv: string[], log?: StackLog): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // Before the context: the config reads it.
    if (command === 'up' && rest.includes('--secure')) process.env.COLLAB_STACK_SECURE = '1';
    const results = command === 'status' || command === 'logs';
    const ctx = createContext(log && !results ? (m) => log.info(m) : undefined);
    switch (command) {
      case 'up':
        return await up(
          ctx,
          rest.filter((a) => !a.startsWith('-')),
        );
      case 'install':
        await installAll(ctx, withDependencies(SERVICES, rest));
        return 0;
      case 'down':
        return await down(ctx, rest.includes('--purge'));
      case 'status':
        return await status(ctx);
      case 'logs': {
        const n = rest.indexOf('-n');
        return logs(
          ctx,
          rest.find((a, i) => !a.startsWith('-') && i !== n + 1),
          n >= 0 ? Number(rest[n + 1]) : 100,
        );
      }
      default:
        process.stderr.write(`${USAGE}\n`);
        return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    }
  } catch (err) {
    const message = err instanceof StackError ? err.message : ((err as Error).stack ?? String(err));
    if (log) log.error(`stack ${command}: ${message}`);
    else process.stderr.write(`stack ${command}: ${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  runStackCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
}
