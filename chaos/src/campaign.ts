// A campaign: runs of {@link runOnce}, each with its own seed (campaign seed + run index) and faults planned from
// it, against one local stack; the report sums what was lost, duplicated or wrong over every run.
import type { S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureJobJar } from '../../cli/src/deploy';
import { FlinkRest } from '../../deploy/src/flink-rest';
import type { Job } from '../../dsl';
import { cancelJobs, endpoints } from '../../e2e/src/pipeline';
import type { StackContext } from '../../infra/src/service';
import { localS3Client } from '../../infra/src/s3client';
import { TrinoClient } from '../../query/src/trino';
import type { FaultKind } from './faults';
import { FAULT_KINDS, planFaults } from './faults';
import type { LakeVolume } from './lake-volume';
import { attachLakeVolume, detachLakeVolume } from './lake-volume';
import type { RunReport } from './run';
import { runOnce } from './run';

export interface CampaignOptions {
  readonly runs: number;
  readonly seed: number;
  readonly faultsPerRun: number;
  readonly kinds?: readonly FaultKind[];
}

export interface CampaignReport {
  readonly startedAt: string;
  readonly options: CampaignOptions;
  readonly runs: readonly RunReport[];
  readonly totals: {
    readonly runs: number;
    readonly ok: number;
    readonly faults: Readonly<Record<string, number>>;
    readonly lost: number;
    readonly duplicated: number;
    readonly wrong: number;
    readonly uncommittedFiles: number;
  };
  readonly elapsedMs: number;
}

export function totalsOf(runs: readonly RunReport[]): CampaignReport['totals'] {
  const faults: Record<string, number> = {};
  for (const f of runs.flatMap((r) => r.faults)) faults[f.kind] = (faults[f.kind] ?? 0) + 1;
  const sum = (pick: (c: RunReport['checks'][number]) => number) =>
    runs.reduce((n, r) => n + r.checks.reduce((m, c) => m + pick(c), 0), 0);
  return {
    runs: runs.length,
    ok: runs.filter((r) => r.ok).length,
    faults,
    lost: sum((c) => c.lost),
    duplicated: sum((c) => c.duplicated),
    wrong: sum((c) => c.wrong),
    uncommittedFiles: runs.reduce((n, r) => n + r.uncommittedFiles.length, 0),
  };
}

export async function runCampaign(
  jobs: readonly Job[],
  options: CampaignOptions,
  ctx: StackContext,
  log: (text: string) => void,
  onRun?: (report: CampaignReport) => void,
): Promise<CampaignReport> {
  const started = Date.now();
  const e = endpoints(ctx.config);
  const flink = new FlinkRest(e.flinkUrl);
  const kafka = new Kafka({
    ...kafkaSecurityFromEnv(),
    clientId: 'collab-chaos',
    brokers: [e.bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const s3: S3Client = localS3Client(ctx.config);
  const trino = new TrinoClient({
    server: e.trinoUrl,
    catalog: 'lake',
    schema: 'metrics',
    user: 'collab-chaos',
  });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-chaos-'));
  const jar = path.join(work, 'jobs.jar');
  fs.copyFileSync(ensureJobJar(log), jar);
  const runs: RunReport[] = [];
  const report = (): CampaignReport => ({
    startedAt: new Date(started).toISOString(),
    options,
    runs,
    totals: totalsOf(runs),
    elapsedMs: Date.now() - started,
  });
  await admin.connect();
  let lakeVolume: LakeVolume | undefined;
  try {
    if (options.faultsPerRun > 0 && (options.kinds ?? FAULT_KINDS).includes('lake-disk-full'))
      lakeVolume = await attachLakeVolume(ctx, log);
    for (let i = 0; i < options.runs; i++) {
      const seed = options.seed + i;
      const faults = planFaults({
        seed,
        faults: options.faultsPerRun,
        kinds: options.kinds,
        taskManagers: ctx.config.flink.taskManagers,
      });
      const runStarted = Date.now();
      try {
        runs.push(
          await runOnce(
            jobs,
            seed,
            faults,
            { ctx, e, flink, kafka, admin, s3, trino, jar, lakeVolume, log },
            work,
          ),
        );
      } catch (error) {
        // A run that cannot finish is a failed run, not the end of the campaign: the next one resets everything.
        log(`chaos run ${seed}: FAILED: ${(error as Error).message}`);
        runs.push({
          seed,
          records: 0,
          faults: faults.map((f) => ({ ...f, afterRecords: -1, detail: 'planned', tookMs: 0 })),
          restarts: {},
          checks: [],
          uncommittedFiles: [],
          elapsedMs: Date.now() - runStarted,
          ok: false,
          error: (error as Error).stack ?? String(error),
        });
      }
      onRun?.(report());
    }
  } finally {
    await cancelJobs(flink, jobs).catch(() => undefined);
    if (lakeVolume) await detachLakeVolume(ctx, lakeVolume, log);
    await admin.disconnect();
    s3.destroy();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return report();
}
