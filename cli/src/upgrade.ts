// `collab-stream deploy <job> --upgrade`: replace a running job by a new version of it without losing its state.
// The running job says which version it is (runtime DeployedVersion publishes its IR, state manifest and jar id in
// its Flink job configuration), so the plan compares what is really deployed with the new jar. Then: stop with a
// savepoint (not draining: open windows stay open, in the savepoint) → run the new jar from it → wait until it is
// healthy; if it is not, cancel it and run the old jar from the same savepoint, and say so.
import path from 'node:path';
import type { JobPlan, JobVersion } from '../../codegen/src/plan-diff';
import { planJobs } from '../../codegen/src/plan-diff';
import type { FlinkRest } from '../../deploy/src/flink-rest';
import { stopWithSavepoint } from '../../deploy/src/savepoint';
import { waitFor } from '../../infra/src/probe';
import type { Job } from '../../dsl';
import { UsageError } from './args';
import { logOf } from './log';
import { publishedVersion, readGitRevision, readManifestDir, versionInJar } from './job-versions';
import { renderText } from './plan';
import type { Logger } from './log';

export const JAR_ID_ARGUMENT = 'collab.jar-id';
const PUBLISHED_ARGUMENT = 'collab.arg.';

const argumentKey = (arg: string) => arg.replace(/^--/, '').split('=')[0]!;

/**
 * The arguments the old version ran with, as it published them; those it withheld as secret-looking come from
 * this invocation (they are environment settings, the same for both versions).
 */
export function rollbackArguments(
  config: Readonly<Record<string, string>>,
  invocation: readonly string[],
): string[] {
  const published = Object.entries(config)
    .filter(([key]) => key.startsWith(PUBLISHED_ARGUMENT))
    .map(([key, value]) => [key.slice(PUBLISHED_ARGUMENT.length), value] as const);
  const known = new Set(published.map(([key]) => key));
  return [
    ...published.map(([key, value]) => `--${key}=${value}`),
    ...invocation.filter((arg) => arg.startsWith('--') && arg.includes('=') && !known.has(argumentKey(arg))),
  ];
}

export interface UpgradeOptions {
  readonly jar: string;
  readonly jobArgs: readonly string[];
  /** The deployed version when the running job publishes none: a git ref or a generated-java-like folder. */
  readonly base?: string;
  readonly manifests?: string;
  readonly allowBreaking: boolean;
  /** Where a BREAKING upgrade's fresh start reads from (runtime kafka.starting-offsets). */
  readonly startFrom: string;
  readonly healthyTimeoutMs: number;
  readonly savepointDir?: string;
  /** The new job's parallelism; absent: the running job's (a rescale is a savepoint restore like any other). */
  readonly parallelism?: number;
}

interface Io {
  out(text: string): void;
  readonly log?: Logger;
}

/** What a started job came to: healthy, or why not. */
type Health = { readonly healthy: true } | { readonly healthy: false; readonly reason: string };

/**
 * Runs `jarId` as `job` (optionally from a savepoint) and waits until it is healthy: RUNNING, every task RUNNING
 * and, when `untilCheckpoint`, one checkpoint completed — a restore that cannot map its state, or a sink that cannot
 * write, fails before that. A failed submission, a FAILED job or a restart is unhealthy at once.
 */
export async function startJob(
  flink: FlinkRest,
  job: Job,
  entryClass: string,
  run: {
    readonly jarId: string;
    readonly args: readonly string[];
    readonly savepointPath?: string;
    readonly allowNonRestoredState: boolean;
    readonly untilCheckpoint: boolean;
    readonly timeoutMs: number;
    /** Absent: the cluster's parallelism.default. */
    readonly parallelism?: number;
  },
): Promise<{ readonly jobId?: string } & Health> {
  let jobId: string;
  try {
    jobId = await flink.runJar(run.jarId, {
      entryClass,
      args: [
        ...run.args.filter((a) => !a.startsWith(`--${JAR_ID_ARGUMENT}=`)),
        `--${JAR_ID_ARGUMENT}=${run.jarId}`,
      ],
      savepointPath: run.savepointPath,
      allowNonRestoredState: run.allowNonRestoredState,
      parallelism: run.parallelism,
    });
  } catch (error) {
    return { healthy: false, reason: `the cluster refused to start it: ${(error as Error).message}` };
  }
  try {
    const health = await waitFor(
      `${job.id} (${jobId}) to be RUNNING${run.untilCheckpoint ? ' with a completed checkpoint' : ''}`,
      run.timeoutMs,
      async (): Promise<Health | undefined> => {
        const state = await flink.jobState(jobId);
        const exceptions = `see ${flink.baseUrl}/#/job/${jobId}/exceptions`;
        if (state === 'FAILED' || state === 'FAILING' || state === 'CANCELED')
          return { healthy: false, reason: `it is ${state}: ${exceptions}` };
        if (state === 'RESTARTING' || (await flink.restarts(jobId)) > 0)
          return { healthy: false, reason: `it failed and is restarting: ${exceptions}` };
        if (state !== 'RUNNING') return undefined;
        if ((await flink.vertexStates(jobId)).some((s) => s !== 'RUNNING')) return undefined;
        if (run.untilCheckpoint && (await flink.checkpoints(jobId)).completed < 1) return undefined;
        return { healthy: true };
      },
      1_000,
    );
    return { jobId, ...health };
  } catch (error) {
    return { jobId, healthy: false, reason: (error as Error).message };
  }
}

/** The version the running instance published, else the one --base / --manifests names. */
async function deployedVersion(
  flink: FlinkRest,
  job: Job,
  runningId: string,
  options: UpgradeOptions,
): Promise<{ version: JobVersion; jarId?: string; args: string[]; from: string }> {
  const config = await flink.userConfig(runningId);
  const jarId = config[JAR_ID_ARGUMENT];
  const args = rollbackArguments(config, options.jobArgs);
  if (options.base !== undefined || options.manifests !== undefined) {
    const versions =
      options.manifests !== undefined
        ? readManifestDir('deploy', options.manifests)
        : readGitRevision('deploy', options.base!);
    const version = versions.get(job.id);
    if (!version)
      throw new UsageError(`deploy: ${options.manifests ?? options.base} has no version of ${job.id}`);
    return { version, jarId, args, from: options.manifests ?? options.base! };
  }
  const published = config['collab.version'];
  if (published === undefined)
    throw new UsageError(
      `deploy --upgrade: the running ${job.id} (${runningId}) publishes no version (deployed by an older ` +
        `collab-stream); say what it runs with --base <git-ref> or --manifests <dir>`,
    );
  return {
    version: publishedVersion('deploy', published, `${job.id} on the cluster`),
    jarId,
    args,
    from: 'the cluster',
  };
}

/** What a BREAKING upgrade's fresh start means for the rows, in the operator's words. */
function freshStartNote(startFrom: string): string {
  const from =
    startFrom === 'committed'
      ? 'from the offsets the old job committed at its savepoint'
      : startFrom === 'earliest'
        ? 'from the earliest retained records (windows already written are written again)'
        : startFrom === 'latest'
          ? 'from the latest offsets (records produced during the upgrade are skipped)'
          : `from the first records at or after ${startFrom}`;
  return (
    `starting fresh ${from}: no state is restored, so windows open at the savepoint start empty ` +
    `and the dashboard shows partial values for them`
  );
}

export async function runUpgrade(
  flink: FlinkRest,
  job: Job,
  entryClass: string,
  options: UpgradeOptions,
  io: Io,
): Promise<number> {
  const log = logOf(io, 'collab-stream.deploy');
  const fields = { 'collab.job': job.id };
  const running = (await flink.jobs()).find((j) => j.name === job.id && j.state === 'RUNNING');
  if (!running)
    throw new UsageError(
      `deploy --upgrade: ${job.id} is not running on ${flink.baseUrl}; deploy it without --upgrade`,
    );
  const deployed = await deployedVersion(flink, job, running.id, options);
  const next = versionInJar('deploy', options.jar, job.id);
  if (!next)
    throw new UsageError(
      `deploy --upgrade: ${options.jar} holds no IR and manifest of ${job.id}; rebuild it`,
    );
  const [plan] = planJobs(new Map([[job.id, deployed.version]]), new Map([[job.id, next]])) as [JobPlan];
  log.info(`plan against ${deployed.from}:\n${renderText([plan])}`, {
    ...fields,
    'collab.plan_class': plan.class,
  });
  const breaking = plan.class === 'BREAKING';
  if (breaking && !options.allowBreaking) {
    log.error(
      `deploy --upgrade: refusing a BREAKING change; ${job.id} keeps running. --allow-breaking starts it fresh.`,
      fields,
    );
    return 1;
  }

  // Read before the stop: the rollback runs the old jar as it ran.
  const runningParallelism = await flink.parallelism(running.id);
  const parallelism = options.parallelism ?? runningParallelism;
  log.info(`uploading ${path.basename(options.jar)} ...`, fields);
  const newJarId = await flink.uploadJar(options.jar);
  log.info(`stopping ${job.id} (${running.id}) with a savepoint, windows left open ...`, fields);
  const savepoint = await stopWithSavepoint(flink, running.id, {
    targetDirectory: options.savepointDir,
    drain: false,
    timeoutMs: 300_000,
    onRetry: (reason) =>
      log.info(`the savepoint failed (${reason}); asking again once every task runs`, fields),
  });
  log.info(`savepoint: ${savepoint}`, fields);

  if (breaking) log.info(`BREAKING allowed: ${freshStartNote(options.startFrom)}`, fields);
  const started = await startJob(flink, job, entryClass, {
    jarId: newJarId,
    args: breaking ? [...options.jobArgs, `--kafka.starting-offsets=${options.startFrom}`] : options.jobArgs,
    savepointPath: breaking ? undefined : savepoint,
    allowNonRestoredState: plan.needsAllowNonRestoredState,
    untilCheckpoint: true,
    timeoutMs: options.healthyTimeoutMs,
    parallelism,
  });
  if (started.healthy) {
    log.info(
      `${job.id} is upgraded: RUNNING as ${started.jobId} with a completed checkpoint, from ${savepoint}`,
      fields,
    );
    return 0;
  }

  log.error(`the upgrade failed: ${started.reason}`, fields);
  if (started.jobId) await flink.cancel(started.jobId).catch(() => undefined);
  const restore = `collab-stream deploy ${job.id} --from-savepoint ${savepoint}`;
  if (!deployed.jarId || !(await flink.jars()).includes(deployed.jarId)) {
    log.error(
      `cannot roll back: the old jar (${deployed.jarId ?? 'unknown'}) is no longer on the cluster; ` +
        `${job.id} is stopped. Restore the old version with: ${restore}`,
      fields,
    );
    return 2;
  }
  log.info(`rolling back: running the old jar ${deployed.jarId} from ${savepoint} ...`, fields);
  const rolledBack = await startJob(flink, job, entryClass, {
    jarId: deployed.jarId,
    args: deployed.args,
    savepointPath: savepoint,
    allowNonRestoredState: false,
    untilCheckpoint: true,
    timeoutMs: options.healthyTimeoutMs,
    parallelism: runningParallelism,
  });
  if (!rolledBack.healthy) {
    log.error(
      `the rollback failed too: ${rolledBack.reason}. ${job.id} is stopped; its savepoint is ${savepoint}`,
      fields,
    );
    return 2;
  }
  log.warn(
    `rolled back: ${job.id} runs the old version again as ${rolledBack.jobId}, from ${savepoint}`,
    fields,
  );
  return 1;
}
