// `collab-stream deploy` and `collab-stream stop`: build the job jar when sources are newer, upload it and run a
// generated job on a Flink cluster over REST (optionally from a savepoint), wait for RUNNING; stop with a
// savepoint (draining, so every window fires and every Parquet file commits).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { JAVA_PACKAGE } from '../../codegen/src/emit/java';
import { jobClassName, MAX_PARALLELISM } from '../../codegen/src/plan';
import { FlinkRest } from '../../deploy/src/flink-rest';
import { stopWithSavepoint } from '../../deploy/src/savepoint';
import type { Job } from '../../dsl';
import { parseCommandArgs, UsageError } from './args';
import { resolveJob } from './jobs';
import type { Logger } from './log';
import { logOf } from './log';
import { runUpgrade, startJob } from './upgrade';

const ROOT = path.resolve(__dirname, '../..');
const JAR = path.join(ROOT, 'generated-java/target/collab-stream-jobs-0.1.0-SNAPSHOT.jar');
const JAR_INPUTS = [
  'generated-java/src/main',
  'generated-java/pom.xml',
  'runtime/src/main',
  'runtime/pom.xml',
  'pom.xml',
];

export const DEPLOY_HELP = `Usage: collab-stream deploy <job id> [options] [-- <job arguments>]

Builds the job jar if any generated or runtime source is newer, uploads it to the Flink cluster, runs the job and
waits until it is RUNNING. Settings the job needs come from its arguments or COLLAB_* environment variables
(kafka.bootstrap, schema-registry.url, lake.path, checkpoint.interval-ms, ...; see runtime/CONTEXT.md).

  --from-savepoint <path>       restore the job's state from a savepoint or retained checkpoint
  --allow-non-restored-state    let the savepoint hold state no operator of the new job claims (never implied)
  --parallelism <n>             run the job's operators at n subtasks (1 to the job's max parallelism, 128; default
                                the cluster's parallelism.default, or with --upgrade the running job's); a savepoint
                                restores at any n, so this rescales
  --flink <url>                 Flink REST API (default $COLLAB_FLINK_URL or http://127.0.0.1:8081)
  -h, --help                    this help

Upgrading a running job:
  --upgrade                     plan the new jar against the version the running job publishes; stop it with a
                                savepoint (windows stay open), run the new jar from it and wait until it is RUNNING
                                with a completed checkpoint; if it is not, run the old jar again from the same
                                savepoint. Refuses a BREAKING change.
  --jar <path>                  the new jar (default: build generated-java)
  --base <git-ref>              what the running job runs, when it publishes no version
  --manifests <dir>             the same, from a folder laid out like generated-java/
  --allow-breaking              a BREAKING change starts the new job fresh, from --start-from
  --start-from <where>          committed (default: where the old job stopped), earliest, latest or an ISO instant
  --healthy-within <seconds>    how long the new job has to become healthy (default 180)
  --savepoint-dir <dir>         where the savepoint goes (default: the cluster's state.savepoints.dir)

Exit status: 0 deployed; 1 refused or rolled back (the old version runs); 2 usage error, or the job is left stopped.

Usage: collab-stream stop <job id> --savepoint [--no-drain] [--target <dir>] [--flink <url>]

Stops the running job with a savepoint, draining by default (every window fires, every file commits), and prints
its location for 'deploy --from-savepoint'.`;

const flinkUrl = (value: string | undefined) =>
  value ?? process.env.COLLAB_FLINK_URL ?? 'http://127.0.0.1:8081';

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((child) => newestMtime(path.join(entry, child))));
}

/** Builds the shaded job jar with Maven when it is missing or older than what it is built from. */
export function ensureJobJar(log: (text: string) => void): string {
  const newestInput = Math.max(...JAR_INPUTS.map((p) => newestMtime(path.join(ROOT, p))));
  if (fs.existsSync(JAR) && fs.statSync(JAR).mtimeMs >= newestInput) return JAR;
  log('building the job jar (mvn -pl generated-java -am package) ...');
  execFileSync(
    'mvn',
    ['-B', '-q', '-f', 'pom.xml', '-pl', 'generated-java', '-am', 'package', '-DskipTests'],
    // Maven's output is progress too: on stderr, so stdout keeps only results (and JSON logs stay parseable
    // beside it).
    { cwd: ROOT, stdio: ['ignore', 2, 2] },
  );
  return JAR;
}

/** `--parallelism`: 1 up to the max parallelism every generated job fixes (its key groups). */
function parallelismOption(given: string | undefined): number | undefined {
  if (given === undefined) return undefined;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARALLELISM)
    throw new UsageError(
      `deploy: --parallelism ${given}: an integer from 1 to ${MAX_PARALLELISM} (the jobs' max parallelism)`,
    );
  return n;
}

/** The fully qualified class whose main() runs a job. */
export function entryClassOf(job: Job): string {
  return `${JAVA_PACKAGE}.${jobClassName(job.id)}`;
}

/** The Flink job id of the job's RUNNING instance, if there is one. */
export async function runningJobId(flink: FlinkRest, job: Job): Promise<string | undefined> {
  return (await flink.jobs()).find((j) => j.name === job.id && j.state === 'RUNNING')?.id;
}

/** A command's output: results on `out`; progress through `log` (the CLI's), else as plain lines on `out`. */
export interface DeployIo {
  out(text: string): void;
  readonly log?: Logger;
}

export async function runDeploy(argv: readonly string[], io: DeployIo): Promise<number> {
  const log = logOf(io, 'collab-stream.deploy');
  const separator = argv.indexOf('--');
  const own = separator < 0 ? argv : argv.slice(0, separator);
  const jobArgs = separator < 0 ? [] : argv.slice(separator + 1);
  const { values, positionals } = parseCommandArgs('deploy', own, {
    'from-savepoint': { type: 'string' },
    'allow-non-restored-state': { type: 'boolean' },
    flink: { type: 'string' },
    upgrade: { type: 'boolean' },
    jar: { type: 'string' },
    base: { type: 'string' },
    manifests: { type: 'string' },
    'allow-breaking': { type: 'boolean' },
    'start-from': { type: 'string' },
    'healthy-within': { type: 'string' },
    'savepoint-dir': { type: 'string' },
    parallelism: { type: 'string' },
  });
  if (values.help) {
    io.out(DEPLOY_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(`deploy: give one job id. See 'collab-stream deploy --help'.`);
  const job = resolveJob(positionals[0] as string);
  const flink = new FlinkRest(flinkUrl(values.flink));
  const upgradeOnly = [
    'base',
    'manifests',
    'allow-breaking',
    'start-from',
    'healthy-within',
    'savepoint-dir',
  ] as const;
  const misplaced = upgradeOnly.filter((name) => values[name] !== undefined);
  if (!values.upgrade && misplaced.length > 0)
    throw new UsageError(`deploy: --${misplaced[0]} is an option of --upgrade`);
  if (values.upgrade && values['from-savepoint'] !== undefined)
    throw new UsageError('deploy: --upgrade takes its own savepoint; --from-savepoint is for a stopped job');
  if (values.base !== undefined && values.manifests !== undefined)
    throw new UsageError('deploy: give --base or --manifests, not both');
  const given = values['start-from'] ?? 'committed';
  const keyword = /^(committed|earliest|latest)$/.test(given);
  if (!keyword && Number.isNaN(Date.parse(given)))
    throw new UsageError(
      `deploy: --start-from ${given}: expected committed, earliest, latest or an ISO instant`,
    );
  // The runtime reads an instant as ISO-8601 in UTC (Instant.parse): normalise what Date.parse accepted.
  const startFrom = keyword ? given : new Date(given).toISOString();
  const healthySeconds = Number(values['healthy-within'] ?? 180);
  if (!(healthySeconds > 0))
    throw new UsageError(`deploy: --healthy-within ${values['healthy-within']}: seconds > 0`);
  const parallelism = parallelismOption(values.parallelism);
  const jar = values.jar !== undefined ? path.resolve(values.jar) : ensureJobJar((m) => log.info(m));

  if (values.upgrade) {
    return runUpgrade(
      flink,
      job,
      entryClassOf(job),
      {
        jar,
        jobArgs,
        base: values.base,
        manifests: values.manifests,
        allowBreaking: values['allow-breaking'] ?? false,
        startFrom,
        healthyTimeoutMs: healthySeconds * 1_000,
        savepointDir: values['savepoint-dir'],
        parallelism,
      },
      { ...io, log },
    );
  }

  const already = await runningJobId(flink, job);
  if (already)
    throw new UsageError(
      `deploy: ${job.id} is already running as ${already}; upgrade it ('collab-stream deploy ${job.id} --upgrade') ` +
        `or stop it first ('collab-stream stop ${job.id} --savepoint')`,
    );
  log.info(`uploading ${path.relative(ROOT, jar)} to ${flink.baseUrl} ...`, {
    'file.path': jar,
    'url.full': flink.baseUrl,
  });
  const started = await startJob(flink, job, entryClassOf(job), {
    jarId: await flink.uploadJar(jar),
    args: jobArgs,
    savepointPath: values['from-savepoint'],
    allowNonRestoredState: values['allow-non-restored-state'] ?? false,
    untilCheckpoint: false,
    timeoutMs: 120_000,
    parallelism,
  });
  if (!started.healthy) throw new Error(`deploy: ${job.id} did not start: ${started.reason}`);
  log.info(
    `${job.id} is RUNNING as ${started.jobId}${values['from-savepoint'] ? `, restored from ${values['from-savepoint']}` : ''}`,
    {
      'collab.job': job.id,
      'collab.flink_job_id': started.jobId,
      'collab.savepoint': values['from-savepoint'],
    },
  );
  return 0;
}

export async function runStop(argv: readonly string[], io: DeployIo): Promise<number> {
  const log = logOf(io, 'collab-stream.stop');
  const { values, positionals } = parseCommandArgs('stop', argv, {
    savepoint: { type: 'boolean' },
    'no-drain': { type: 'boolean' },
    target: { type: 'string' },
    flink: { type: 'string' },
  });
  if (values.help) {
    io.out(DEPLOY_HELP);
    return 0;
  }
  if (positionals.length !== 1 || !values.savepoint) {
    throw new UsageError(
      `stop: give one job id and --savepoint (stopping without one would lose the job's state)`,
    );
  }
  const job = resolveJob(positionals[0] as string);
  const flink = new FlinkRest(flinkUrl(values.flink));
  const jobId = await runningJobId(flink, job);
  if (!jobId) throw new UsageError(`stop: ${job.id} is not running on ${flink.baseUrl}`);
  const drain = !values['no-drain'];
  log.info(`stopping ${job.id} (${jobId}) with a savepoint${drain ? ', draining' : ''} ...`, {
    'collab.job': job.id,
    'collab.flink_job_id': jobId,
  });
  const location = await stopWithSavepoint(flink, jobId, {
    targetDirectory: values.target,
    drain,
    timeoutMs: 300_000,
    onRetry: (reason) => log.info(`the savepoint failed (${reason}); asking again once every task runs`),
  });
  // The location is the command's result (scripts read it from stdout); the log line carries it as a field.
  io.out(`savepoint: ${location}\nrestore with: collab-stream deploy ${job.id} --from-savepoint ${location}`);
  if (io.log?.format === 'json')
    log.info('savepoint taken', { 'collab.job': job.id, 'collab.savepoint': location });
  return 0;
}
