// `collab-stream plan --verify-savepoint <path>`: restores the new job from a real savepoint on a local MiniCluster
// without running it (restore-check/, DryRunRestore.java) and holds the outcome against what plan said. Plan's
// classes are reasoned from the manifests; this is Flink's own answer for one savepoint: every operator's state
// mapped by uid, every serializer's compatibility check (POJO evolution included), the max parallelism.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { REPO_ROOT } from '../../codegen/src/diagnostics';
import type { JobPlan, StateManifest, StateManifestEntry } from '../../codegen/src/plan-diff';
import { loadConfig } from '../../infra/src/config';
import { localS3Client } from '../../infra/src/s3client';

/** What DryRunRestore.java writes. */
export interface DryRunReport {
  readonly job: string;
  readonly savepoint: string;
  readonly maxParallelism: number;
  /** Every operator of the production graph, sinks' writers and committers included. */
  readonly operators: readonly {
    readonly uid: string;
    readonly inSavepoint: boolean;
    readonly stateBytes: number;
    /** False for sinks: the dry run replaces them (the real ones would commit files, abort transactions). */
    readonly openedByDryRun: boolean;
    readonly savedMaxParallelism?: number;
    /** The names its state descriptors registered in the savepoint (keyed state, timers, operator state). */
    readonly savedState?: readonly string[];
  }[];
  /** State in the savepoint that no operator of the new job takes: dropped, only with allowNonRestoredState. */
  readonly unmatched: readonly {
    readonly operatorId: string;
    readonly uid: string | null;
    readonly name: string | null;
    readonly stateBytes: number;
  }[];
  readonly restore: {
    readonly ok: boolean;
    readonly failure?: string;
    readonly parallelism: number;
    readonly elapsedMs: number;
  };
}

const CHECK_DIR = path.join(REPO_ROOT, 'restore-check');
const CHECK_CLASSPATH = path.join(CHECK_DIR, 'target', 'classpath.txt');

/** restore-check's classes and dependencies, built with Maven the first time. */
export function restoreCheckClasspath(log: (text: string) => void): string {
  if (!fs.existsSync(CHECK_CLASSPATH)) {
    log('building the dry-run restore (mvn -pl restore-check -am install) ...');
    execFileSync(
      'mvn',
      ['-B', '-q', '-f', 'pom.xml', '-pl', 'restore-check', '-am', 'install', '-DskipTests'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
  }
  return [path.join(CHECK_DIR, 'target', 'classes'), fs.readFileSync(CHECK_CLASSPATH, 'utf8').trim()].join(
    path.delimiter,
  );
}

/**
 * Runs the dry-run restore of `jobClass` (from `jobClasses`, a jar or a classes folder, which comes first on the
 * classpath) from `savepoint` (a path or file: URI of a savepoint directory or its _metadata).
 */
export function dryRunRestore(
  jobClasses: string,
  jobClass: string,
  savepoint: string,
  log: (text: string) => void,
): DryRunReport {
  const classpath = [jobClasses, restoreCheckClasspath(log)].join(path.delimiter);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-dry-run-'));
  try {
    const reportFile = path.join(work, 'report.json');
    log(`restoring ${jobClass} from ${savepoint} on a local MiniCluster (no record is read) ...`);
    const run = spawnSync(
      'java',
      [
        '-Xmx1g',
        '-cp',
        classpath,
        'io.collabstream.restorecheck.DryRunRestore',
        jobClass,
        savepoint,
        reportFile,
      ],
      { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.status !== 0 || !fs.existsSync(reportFile)) {
      throw new Error(
        `the dry-run restore did not run (exit ${String(run.status)}):\n${lastLines(run.stderr, 30)}`,
      );
    }
    return JSON.parse(fs.readFileSync(reportFile, 'utf8')) as DryRunReport;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A local copy of an s3:// savepoint (the stack's S3 server, credentials from the environment as for the stack), or
 * the path itself. Savepoints are relocatable: their files are named relative to the _metadata.
 */
export async function localSavepoint(
  savepoint: string,
  work: string,
  log: (text: string) => void,
): Promise<string> {
  const s3 = /^s3a?:\/\/([^/]+)\/(.+?)\/?$/.exec(savepoint);
  if (!s3) return savepoint;
  const [, bucket, key] = s3 as unknown as [string, string, string];
  const prefix = key.endsWith('/_metadata') ? key.slice(0, -'_metadata'.length) : `${key}/`;
  const client = localS3Client(loadConfig());
  const dir = path.join(work, 'savepoint');
  let files = 0;
  try {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        // A folder marker (the prefix itself, or any key ending in /) is no file of the savepoint.
        if (object.Key!.endsWith('/')) continue;
        const file = path.join(dir, object.Key!.slice(prefix.length));
        const body = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key! }));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, await body.Body!.transformToByteArray());
        files++;
      }
      token = page.NextContinuationToken;
    } while (token);
  } finally {
    client.destroy();
  }
  if (!fs.existsSync(path.join(dir, '_metadata'))) {
    throw new Error(`${savepoint}: no savepoint there (no _metadata among ${files} object(s))`);
  }
  log(`copied ${savepoint} (${files} file(s)) to ${dir}`);
  return dir;
}

/**
 * The names Flink saves a manifest state entry under: our descriptors by their own names; a timer service as its
 * event- and processing-time queues; a connector's state under the connector's fixed names (a sink's committer is
 * the operator `Sink Committer: <uid>`).
 */
function flinkStateNames(uid: string, entry: StateManifestEntry): [string, string][] {
  switch (entry.kind) {
    case 'window-timers':
      return [
        [uid, `_timer_state/event_${entry.name}`],
        [uid, `_timer_state/processing_${entry.name}`],
      ];
    case 'kafka-source-splits':
      return [[uid, 'SourceReaderState']];
    case 'kafka-sink-transactions':
    case 'file-sink-buckets':
      return [
        [uid, 'writer_raw_states'],
        [`Sink Committer: ${uid}`, 'streaming_committer_raw_states'],
      ];
    default:
      return [[uid, entry.name]];
  }
}

/**
 * Where the state the savepoint holds differs from the state the manifest declares, for the operators the savepoint
 * has: `<uid>: saved <name>, not declared` or `<uid>: declares <name>, not saved`. Empty: the manifest plan reasons
 * from is the job's real state.
 */
export function stateDifferences(manifest: StateManifest, report: DryRunReport): string[] {
  const saved = new Map(
    report.operators.filter((o) => o.inSavepoint).map((o) => [o.uid, new Set(o.savedState)]),
  );
  const declared = new Map<string, Set<string>>();
  for (const op of manifest.operators) {
    for (const entry of op.state) {
      for (const [uid, name] of flinkStateNames(op.uid, entry)) {
        declared.set(uid, (declared.get(uid) ?? new Set()).add(name));
      }
    }
  }
  const differences: string[] = [];
  for (const [uid, names] of saved) {
    const wanted = declared.get(uid) ?? new Set<string>();
    for (const name of names) if (!wanted.has(name)) differences.push(`${uid}: saved ${name}, not declared`);
    for (const name of wanted) if (!names.has(name)) differences.push(`${uid}: declares ${name}, not saved`);
  }
  return differences;
}

export interface Verification {
  /** The savepoint restores and holds no state plan did not expect to drop. */
  readonly ok: boolean;
  readonly lines: readonly string[];
}

/** The dry run's outcome against plan's class for the same job. */
export function verifyPlan(
  plan: JobPlan | undefined,
  manifest: StateManifest,
  report: DryRunReport,
): Verification {
  const stateful = new Set(manifest.operators.filter((o) => o.state.length > 0).map((o) => o.uid));
  const restored = report.operators.filter((o) => o.inSavepoint);
  const empty = report.operators.filter((o) => !o.inSavepoint && stateful.has(o.uid));
  const notOpened = restored.filter((o) => !o.openedByDryRun);
  const dropsState = report.unmatched.length > 0;
  const lines = [
    `dry-run restore of ${report.job} from ${report.savepoint} (MiniCluster, RocksDB, parallelism ` +
      `${report.restore.parallelism}, ${report.restore.elapsedMs} ms): ` +
      (report.restore.ok ? 'every task restored and running' : 'Flink refused it'),
  ];
  if (!report.restore.ok) lines.push(`  failure    ${failureReason(report.restore.failure ?? '')}`);
  for (const o of restored) {
    const note = o.openedByDryRun ? '' : ' (sink: mapped by uid, opened only on the cluster)';
    lines.push(`  restored   ${o.uid} (${bytes(o.stateBytes)})${note}`);
  }
  for (const o of empty) lines.push(`  empty      ${o.uid}: no state in the savepoint, starts empty`);
  for (const u of report.unmatched) {
    lines.push(
      `  dropped    ${u.uid ?? u.name ?? u.operatorId} (${bytes(u.stateBytes)}): no operator takes it`,
    );
  }
  for (const o of restored) {
    if (o.savedMaxParallelism !== undefined && o.savedMaxParallelism !== report.maxParallelism) {
      lines.push(
        `  max parallelism of ${o.uid}: saved ${o.savedMaxParallelism}, job ${report.maxParallelism}`,
      );
    }
  }
  const differences = stateDifferences(manifest, report);
  for (const d of differences) lines.push(`  manifest   ${d}`);
  let ok = report.restore.ok && differences.length === 0;
  if (plan === undefined) {
    lines.push(`plan: ${report.job} is not in the comparison; nothing to confirm`);
  } else if (!report.restore.ok) {
    lines.push(
      plan.class === 'BREAKING'
        ? 'plan said BREAKING: confirmed, the savepoint does not restore'
        : `plan said ${plan.class ?? 'no changes'}, but the savepoint does not restore: do not upgrade from it`,
    );
  } else if (dropsState && !plan.needsAllowNonRestoredState) {
    ok = false;
    lines.push(
      `plan did not expect dropped state, the savepoint holds ${report.unmatched.length} operator(s) more`,
    );
  } else {
    const confirmed =
      plan.class === 'BREAKING'
        ? 'plan said BREAKING: Flink restores the state, but it would mean something else (see the reasons above)'
        : `plan said ${plan.class ?? 'no changes'}: confirmed`;
    const flag = dropsState ? ' (restore with allowNonRestoredState)' : '';
    lines.push(`${confirmed}${flag}`);
    if (notOpened.length > 0)
      lines.push(`  ${notOpened.length} sink operator(s) restore only on the cluster`);
  }
  return { ok, lines };
}

/** Flink's failure is a stack trace: the state-compatibility line, or else the innermost cause. */
function failureReason(trace: string): string {
  const lines = trace.split('\n').map((l) => l.trim());
  const specific = lines.find((l) =>
    /StateMigrationException|[Ii]ncompatible|Cannot map|max parallelism/.test(l),
  );
  const causes = lines.filter((l) => l.startsWith('Caused by:'));
  return (specific ?? causes.at(-1) ?? lines[0] ?? 'unknown').slice(0, 500);
}

const lastLines = (text: string, n: number) => text.trimEnd().split('\n').slice(-n).join('\n');

function bytes(n: number): string {
  return n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${(n / 1048576).toFixed(1)} MiB`;
}
