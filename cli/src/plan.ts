// `collab-stream plan`: what restoring the deployed jobs' savepoints into the working tree's jobs would do. The
// working tree is compiled in memory (nothing is written); the deployed side is the IR and state manifests that a
// git revision (or a directory laid out like generated-java/) holds, which `npm run gen:check` keeps current.
// The comparison is codegen/src/plan-diff.ts; this module reads both sides and prints the result.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../codegen/src/diagnostics';
import { discoverJobFiles, generateAll } from '../../codegen/src/main';
import type { ChangeClass, JobPlan, JobVersion } from '../../codegen/src/plan-diff';
import { CHANGE_CLASSES, planJobs } from '../../codegen/src/plan-diff';
import { parseCommandArgs, UsageError } from './args';
import { ensureJobJar } from './deploy';
import { readGitRevision, readManifestDir, readVersions } from './job-versions';
import type { Verification } from './verify-savepoint';
import { dryRunRestore, localSavepoint, verifyPlan } from './verify-savepoint';
import type { Logger } from './log';
import { createLogger } from './log';

export const PLAN_HELP = `Usage: collab-stream plan [--base <git-ref> | --manifests <dir>] [--json | --format <f>] [--allow-breaking]
                          [--verify-savepoint <path> [--jar <path>]] [job…]

Compiles the working tree's jobs in memory and compares each with the deployed version: the IR and state
manifests committed at --base (default HEAD), or in --manifests <dir> (ir/ and manifests/, as in generated-java/).
Prints per metric and operator what restoring a savepoint of the deployed job into the new one does:
  SAFE      state maps one to one
  SEMANTIC  same state, different rows from the restore on
  PARTIAL   restorable, but some state starts empty or is dropped (allowNonRestoredState)
  BREAKING  the savepoint cannot restore, or would restore into a different meaning

  job…                 job ids or job files (default: every job in jobs/)
  --base <git-ref>     the deployed version: generated-java/ir and manifests at that revision
  --manifests <dir>    the deployed version from a directory instead
  --format <f>         text (default), markdown (for a CI job summary) or json
  --json               the same as --format json
  --allow-breaking     exit 0 even when a change is BREAKING
  --verify-savepoint <path>
                       then restore the one named job from this savepoint (a local directory or file: URI) on a
                       local MiniCluster without reading a record, and say whether Flink confirms the plan: state
                       mapped by uid, serializers compatible, state dropped only where plan said so
  --jar <path>         the job's jar or classes for --verify-savepoint (default: build generated-java, which
                       npm run gen:check keeps equal to the working tree)
  -h, --help           this help

Exit status: 0 nothing BREAKING (or --allow-breaking) and the savepoint verified, 1 a BREAKING change or a
savepoint that does not restore as planned, 2 usage error or a job that does not compile.`;

interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly log?: Logger;
}

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

export async function runPlan(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan', argv, {
    base: { type: 'string' },
    manifests: { type: 'string' },
    format: { type: 'string' },
    json: { type: 'boolean' },
    'allow-breaking': { type: 'boolean' },
    'verify-savepoint': { type: 'string' },
    jar: { type: 'string' },
  });
  if (values.help) {
    io.out(PLAN_HELP);
    return 0;
  }
  if (values.base !== undefined && values.manifests !== undefined)
    throw new UsageError('plan: give --base or --manifests, not both');
  const format = (values.json ? 'json' : (values.format ?? 'text')) as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`plan: --format ${format}: expected one of ${FORMATS.join(', ')}`);
  if (values.json && values.format !== undefined && values.format !== 'json')
    throw new UsageError(`plan: --json and --format ${values.format} disagree`);
  const savepoint = values['verify-savepoint'];
  if (savepoint !== undefined && positionals.length !== 1)
    throw new UsageError(
      'plan: --verify-savepoint restores one job: name it (plan --verify-savepoint <path> <job>)',
    );
  if (values.jar !== undefined && savepoint === undefined)
    throw new UsageError('plan: --jar is the job to restore with --verify-savepoint');

  const baseLabel = values.manifests ?? values.base ?? 'HEAD';
  const base =
    values.manifests !== undefined
      ? readManifestDir('plan', values.manifests)
      : readGitRevision('plan', values.base ?? 'HEAD');
  const compiled = compileWorkingTree(positionals);
  const logger = io.log ?? createLogger({ format: 'text', dataset: 'collab-stream.plan', write: io.err });
  if (compiled.errors) {
    logger.error(compiled.errors.trimEnd());
    logger.error('collab-stream plan: the working tree does not compile; nothing was compared');
    return 2;
  }
  let plans = planJobs(base, compiled.jobs);
  // Named jobs are compared with their deployed versions only: other deployed jobs are not "removed".
  if (positionals.length > 0) plans = plans.filter((p) => compiled.jobs.has(p.job));
  const text =
    format === 'json'
      ? JSON.stringify(planJson(baseLabel, plans), null, 2)
      : format === 'markdown'
        ? renderMarkdown(baseLabel, plans)
        : renderText(plans);
  io.out(text);
  const breaking = plans.some((p) => p.class === 'BREAKING') && !values['allow-breaking'];
  if (savepoint === undefined) return breaking ? 1 : 0;
  const [version] = compiled.jobs.values();
  const log = (line: string) => logger.info(line);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-plan-'));
  let verification: Verification;
  try {
    const report = dryRunRestore(
      values.jar !== undefined ? path.resolve(values.jar) : ensureJobJar(log),
      version!.manifest.className,
      await localSavepoint(savepoint, work, log),
      log,
    );
    verification = verifyPlan(
      plans.find((p) => p.job === version!.manifest.job),
      version!.manifest,
      { ...report, savepoint },
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  io.out(verification.lines.join('\n'));
  return breaking || !verification.ok ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Both sides

/** The working tree's jobs (all of jobs/, or the named ids or files), compiled without writing anything. */
function compileWorkingTree(selection: readonly string[]): { jobs: Map<string, JobVersion>; errors: string } {
  const explicitFiles = new Set<string>();
  const ids = new Set<string>();
  for (const item of selection) {
    if (!item.endsWith('.ts') && !fs.existsSync(item)) ids.add(item);
    else if (fs.existsSync(item)) explicitFiles.add(path.resolve(item));
    else throw new UsageError(`plan: ${item}: no such job file`);
  }
  const files = new Set(explicitFiles);
  if (selection.length === 0 || ids.size > 0) for (const file of discoverJobFiles()) files.add(file);
  const { files: generated, errors } = generateAll([...files]);
  const all = readVersions(
    'plan',
    [...generated.keys()].filter((name) => name.startsWith('ir/')),
    (name) => generated.get(name),
    'the working tree',
  );
  for (const id of ids) {
    if (!all.has(id) && !errors)
      throw new UsageError(`plan: unknown job '${id}' (jobs/ has ${[...all.keys()].sort().join(', ')})`);
  }
  if (selection.length === 0) return { jobs: all, errors };
  const chosen = new Map(
    [...all].filter(([id, v]) => ids.has(id) || explicitFiles.has(path.resolve(REPO_ROOT, v.ir.file))),
  );
  return { jobs: chosen, errors };
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const SYMBOL = { add: '+', remove: '-', change: '~' } as const;

function counts(plans: readonly JobPlan[]): Record<ChangeClass, number> {
  const result = Object.fromEntries(CHANGE_CLASSES.map((c) => [c, 0])) as Record<ChangeClass, number>;
  for (const plan of plans) for (const change of plan.changes) result[change.class]++;
  return result;
}

function jobTitle(plan: JobPlan): string {
  const renamed = plan.baseJob !== null && plan.baseJob !== plan.job ? ` (deployed as ${plan.baseJob})` : '';
  return `${plan.job}${renamed}: ${plan.class ?? 'no changes'}`;
}

/** One line per job, one per change, and a summary: as compact as `terraform plan`. */
export function renderText(plans: readonly JobPlan[]): string {
  const lines: string[] = [];
  for (const plan of plans) {
    lines.push(jobTitle(plan));
    for (const c of plan.changes)
      lines.push(`  ${SYMBOL[c.action]} ${c.class.padEnd(8)} ${c.subject}: ${c.reason}`);
  }
  lines.push('', summaryLine(plans));
  return lines.join('\n');
}

function summaryLine(plans: readonly JobPlan[]): string {
  const n = counts(plans);
  const changed = plans.filter((p) => p.class !== null).length;
  const parts = [...CHANGE_CLASSES].reverse().map((c) => `${n[c]} ${c}`);
  let line = `Plan: ${parts.join(', ')} changes in ${changed} of ${plans.length} job${plans.length === 1 ? '' : 's'}.`;
  const dropping = plans.filter((p) => p.needsAllowNonRestoredState).map((p) => p.job);
  if (dropping.length > 0) line += ` Restore ${dropping.join(', ')} with allowNonRestoredState.`;
  const breaking = plans.filter((p) => p.class === 'BREAKING').map((p) => p.job);
  if (breaking.length > 0) line += ` ${breaking.join(', ')}: no savepoint of the deployed job can be used.`;
  return line;
}

/** For a CI job summary ($GITHUB_STEP_SUMMARY): a table per changed job. */
export function renderMarkdown(base: string, plans: readonly JobPlan[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [`### collab-stream plan against \`${base}\``, ''];
  for (const plan of plans) {
    lines.push(`**${cell(jobTitle(plan))}**`, '');
    if (plan.changes.length === 0) continue;
    lines.push('| | class | subject | reason |', '|---|---|---|---|');
    for (const c of plan.changes)
      lines.push(`| ${SYMBOL[c.action]} | ${c.class} | \`${c.subject}\` | ${cell(c.reason)} |`);
    lines.push('');
  }
  lines.push(summaryLine(plans));
  return lines.join('\n');
}

export function planJson(base: string, plans: readonly JobPlan[]) {
  return {
    base,
    breaking: plans.some((p) => p.class === 'BREAKING'),
    counts: counts(plans),
    jobs: plans,
  };
}
