// Injects one planned fault into the local stack and brings the stack back: kill or stop the process, start it
// again, and (JobManager) restore the lost jobs from their latest checkpoints. Returns what was done, for the report.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import { runDeploy } from '../../cli/src/deploy';
import type { FlinkRest } from '../../deploy/src/flink-rest';
import type { Job } from '../../dsl';
import { runningInstance } from '../../e2e/src/pipeline';
import { taskManagerProcessIds } from '../../infra/src/config';
import { restartProcess, startService, stopService } from '../../infra/src/lifecycle';
import { isAlive, livePid } from '../../infra/src/process';
import { waitFor } from '../../infra/src/probe';
import type { Service, StackContext } from '../../infra/src/service';
import { SERVICES } from '../../infra/src/services';
import type { PlannedFault } from './faults';
import type { LakeVolume } from './lake-volume';
import { emptyVolume, fillVolume } from './lake-volume';

export interface FaultTarget {
  readonly ctx: StackContext;
  readonly flink: FlinkRest;
  readonly s3: S3Client;
  readonly jobs: readonly Job[];
  /** The arguments and parallelism the jobs were deployed with: a restore after a JobManager loss reuses them. */
  readonly jobArgs: readonly string[];
  readonly parallelism: number;
  /** The job jar the campaign deploys: built once, so a source edited meanwhile cannot change what is restored. */
  readonly jar: string;
  /** The lake bucket's own small filesystem, when the campaign attached one (lake-disk-full needs it). */
  readonly lakeVolume?: LakeVolume;
  readonly log: (text: string) => void;
}

export interface InjectedFault extends PlannedFault {
  readonly afterRecords: number;
  /** The process killed or stopped, or the checkpoint each job was restored from. */
  readonly detail: string;
  readonly tookMs: number;
}

const TERMINAL = new Set(['FINISHED', 'CANCELED', 'FAILED']);
const service = (name: string): Service => SERVICES.find((s) => s.name === name)!;
// The outage itself, not a wait for something to happen.
const outage = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function kill(target: FaultTarget, id: string): Promise<number> {
  const pid = livePid(target.ctx.paths, id);
  if (pid === undefined) throw new Error(`${id} is not running`);
  process.kill(pid, 'SIGKILL');
  await waitFor(`${id} to die`, 30_000, async () => !isAlive(pid) || undefined, 100);
  fs.rmSync(target.ctx.paths.pid(id), { force: true });
  return pid;
}

/** Waits (up to 60 s) until some job has a checkpoint in progress; false when none started meanwhile. */
async function checkpointInProgress(target: FaultTarget): Promise<boolean> {
  return waitFor(
    'a checkpoint in progress',
    60_000,
    async () => {
      for (const job of target.jobs) {
        const id = await runningInstance(target.flink, job).catch(() => undefined);
        if (id && (await target.flink.checkpoints(id)).inProgress > 0) return true;
      }
      return undefined;
    },
    50,
  ).catch(() => false);
}

/**
 * `s3://<bucket>/checkpoints/<flink job id>/chk-<n>` of the completed checkpoints (a `_metadata`, which Flink writes
 * last), the latest first.
 */
export async function completedCheckpoints(
  s3: S3Client,
  bucket: string,
  flinkJobId: string,
): Promise<string[]> {
  const ids: number[] = [];
  let token: string | undefined;
  do {
    const listed = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: `checkpoints/${flinkJobId}/chk-`,
        ContinuationToken: token,
      }),
    );
    for (const o of listed.Contents ?? []) {
      const n = /\/chk-(\d+)\/_metadata$/.exec(o.Key ?? '')?.[1];
      if (n !== undefined) ids.push(Number(n));
    }
    token = listed.IsTruncated ? listed.NextContinuationToken : undefined;
  } while (token);
  return ids.sort((a, b) => b - a).map((n) => `s3://${bucket}/checkpoints/${flinkJobId}/chk-${n}`);
}

/** Waits until every TaskManager of the stack has registered with all its slots free. */
async function everySlotFree(ctx: StackContext, flink: FlinkRest, timeoutMs: number): Promise<void> {
  await waitFor('every TaskManager to register with all its slots free', timeoutMs, async () => {
    const tms = await flink.taskManagers().catch(() => []);
    return tms.length === ctx.config.flink.taskManagers && tms.every((t) => t.freeSlots === t.slots)
      ? true
      : undefined;
  });
}

/**
 * A run deploys and restores its jobs several times, and each time the TaskManagers load the job jar in a new class
 * loader that the Kafka clients' threads keep alive: a TaskManager that has served a few runs dies of a full
 * metaspace (1 GB, infra's flink.ts) in the middle of the next. Past this share, Flink is restarted first.
 */
const METASPACE_RESTART_AT = 0.5;

/**
 * Brings the cluster back to what a run starts from, once its jobs are cancelled: every TaskManager registered with
 * every slot free and room in its metaspace. A run that ended badly can leave less (a job stuck cancelling, a
 * TaskManager that did not come back): then Flink is restarted, which, without HA, also forgets every job.
 */
export async function healCluster(
  ctx: StackContext,
  flink: FlinkRest,
  log: (text: string) => void,
): Promise<void> {
  let why: string | undefined;
  try {
    await everySlotFree(ctx, flink, 60_000);
    for (const tm of await flink.taskManagers()) {
      const use = await waitFor(`${tm.id}'s metaspace metrics`, 30_000, () => flink.metaspaceUse(tm.id));
      if (use > METASPACE_RESTART_AT) why = `${tm.id} has used ${(use * 100).toFixed(0)} % of its metaspace`;
    }
  } catch (error) {
    why = (error as Error).message;
  }
  if (why === undefined) return;
  log(`chaos: restarting Flink before the run: ${why}`);
  await stopService(ctx, service('flink'));
  await startService(ctx, service('flink'));
  await everySlotFree(ctx, flink, 180_000);
}

export async function injectFault(
  fault: PlannedFault,
  target: FaultTarget,
  afterRecords: number,
): Promise<InjectedFault> {
  const { ctx, log } = target;
  const started = Date.now();
  const done = (detail: string): InjectedFault => {
    log(`chaos: ${fault.kind}: ${detail} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { ...fault, afterRecords, detail, tookMs: Date.now() - started };
  };
  switch (fault.kind) {
    case 'taskmanager-kill':
    case 'taskmanager-kill-in-checkpoint': {
      const id = taskManagerProcessIds(ctx.config)[fault.taskManager ?? 0]!;
      const during = fault.kind === 'taskmanager-kill-in-checkpoint' && (await checkpointInProgress(target));
      const pid = await kill(target, id);
      await restartProcess(ctx, service('flink'), id);
      return done(`SIGKILL ${id} (pid ${pid})${during ? ' during a checkpoint' : ''}, restarted`);
    }
    case 'jobmanager-restart':
    case 'restore-older-checkpoint': {
      const back = fault.kind === 'restore-older-checkpoint' ? (fault.checkpointsBack ?? 1) : 0;
      // Running or restarting (an earlier fault may still be recovering): its checkpoints are what a restore needs.
      const lost = new Map<Job, string>();
      const instances = await target.flink.jobs();
      for (const job of target.jobs) {
        const instance = instances.find((j) => j.name === job.id && !TERMINAL.has(j.state));
        if (!instance) throw new Error(`${job.id} has no running or restarting instance to lose`);
        lost.set(job, instance.id);
      }
      // A job restored by an earlier fault moments ago has no checkpoint of its own yet, and an older restore needs
      // `back` more: the JobManager dies once every job has them (the fault is then still mid-stream).
      for (const [job, flinkJobId] of lost) {
        await waitFor(`${job.id} to complete ${back + 1} checkpoint(s)`, 300_000, async () => {
          const counts = await target.flink.checkpoints(flinkJobId).catch(() => undefined);
          return counts && counts.completed > back ? true : undefined;
        });
      }
      const pid = await kill(target, 'flink-jobmanager');
      await restartProcess(ctx, service('flink'), 'flink-jobmanager');
      // The lost jobs' tasks run on until their TaskManager notices that the JobManager is gone; restoring before
      // they have stopped lets two writers share the sinks' transactional ids (the old one fences the new one).
      await everySlotFree(ctx, target.flink, 180_000);
      const restored: string[] = [];
      for (const [job, flinkJobId] of lost) {
        const checkpoints = await completedCheckpoints(
          target.s3,
          ctx.config.flink.checkpointsBucket,
          flinkJobId,
        );
        const index = Math.min(back, checkpoints.length - 1);
        const checkpoint = checkpoints[index];
        if (!checkpoint) throw new Error(`${job.id} (${flinkJobId}) left no completed checkpoint to restore`);
        const code = await runDeploy(
          [
            job.id,
            '--from-savepoint',
            checkpoint,
            '--parallelism',
            String(target.parallelism),
            '--jar',
            target.jar,
            '--',
            ...target.jobArgs,
          ],
          { out: log },
        );
        if (code !== 0) throw new Error(`restoring ${job.id} from ${checkpoint} exited with ${code}`);
        restored.push(`${job.id} from ${checkpoint}${index > 0 ? ` (${index} before the latest)` : ''}`);
      }
      return done(`SIGKILL flink-jobmanager (pid ${pid}), restarted; restored ${restored.join(', ')}`);
    }
    case 'kafka-restart': {
      await stopService(ctx, service('kafka'));
      await startService(ctx, service('kafka'));
      return done('kafka stopped and started');
    }
    case 's3-outage': {
      await stopService(ctx, service('s3'));
      await outage(fault.outageMs ?? 10_000);
      await startService(ctx, service('s3'));
      return done(`s3 down for ${((fault.outageMs ?? 10_000) / 1000).toFixed(0)} s`);
    }
    case 'lake-disk-full': {
      const volume = target.lakeVolume;
      if (!volume) throw new Error('lake-disk-full: the campaign attached no lake volume to fill');
      const ms = fault.outageMs ?? 10_000;
      const bytes = fillVolume(volume);
      try {
        await outage(ms);
      } finally {
        emptyVolume(volume);
      }
      return done(
        `lake volume full (${(bytes / 2 ** 20).toFixed(0)} MB ballast) for ${(ms / 1000).toFixed(0)} s`,
      );
    }
    case 'trino-restart': {
      await stopService(ctx, service('trino'));
      await startService(ctx, service('trino'));
      return done('trino stopped and started');
    }
  }
}
