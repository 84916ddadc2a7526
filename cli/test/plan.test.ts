// `collab-stream plan`: golden outputs for a few edits of difftest/jobs/plan_base.ts (the edits the restore tests
// in difftest/test/plan-restore.jvm.test.ts run on a MiniCluster, and two more here in plan-cases/), reviewed like
// diagnostics (UPDATE_GOLDEN=1 rewrites plan-golden/), then the real command through bin/collab-stream.js: the git
// base, the CI summary format, exit codes and usage errors.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateAll, writeTree } from '../../codegen/src/main';
import { UsageError } from '../src/args';
import { runPlan } from '../src/plan';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/collab-stream.js');
const GOLDEN = path.join(__dirname, 'plan-golden');
const update = process.env.UPDATE_GOLDEN === '1';

/** The deployed version of plan_base.ts, laid out like generated-java/ (its IR and manifest only). */
const deployed = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-base-'));
beforeAll(() => {
  const { files, errors } = generateAll([path.join(ROOT, 'difftest/jobs/plan_base.ts')]);
  expect(errors).toBe('');
  writeTree(deployed, new Map([...files].filter(([name]) => /^(ir|manifests)\//.test(name))));
});
afterAll(() => fs.rmSync(deployed, { recursive: true, force: true }));

async function plan(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runPlan(['--manifests', deployed, ...args], {
    out: (text) => (out += `${text}\n`),
    err: (text) => (err += `${text}\n`),
  });
  return { code, out: out.split(deployed).join('<base>'), err };
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (update) fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const CASES = [
  { name: 'add-measure', head: 'difftest/jobs/plan_add_measure.ts', code: 0 },
  { name: 'change-where', head: 'difftest/jobs/plan_change_where.ts', code: 0 },
  { name: 'add-metric', head: 'difftest/jobs/plan_add_metric.ts', code: 0 },
  { name: 'window-size', head: 'difftest/jobs/plan_window_size.ts', code: 1 },
  { name: 'rename', head: 'cli/test/plan-cases/rename.ts', code: 1 },
  { name: 'sinks-late', head: 'cli/test/plan-cases/sinks_late.ts', code: 0 },
  { name: 'add-having', head: 'cli/test/plan-cases/having.ts', code: 0 },
] as const;

describe.each(CASES.map((c) => [c.name, c] as const))('plan %s', (name, c) => {
  it(`prints the golden plan and exits ${c.code}`, async () => {
    const result = await plan(path.join(ROOT, c.head));
    expect(result.err).toBe('');
    golden(`${name}.txt`, result.out);
    expect(result.code).toBe(c.code);
  });
});

it('prints the markdown summary and JSON of a plan', async () => {
  const head = path.join(ROOT, 'cli/test/plan-cases/sinks_late.ts');
  golden('sinks-late.md', (await plan('--format', 'markdown', head)).out);
  const json = await plan('--json', head);
  golden('sinks-late.json', json.out);
  const parsed = JSON.parse(json.out) as {
    breaking: boolean;
    jobs: { needsAllowNonRestoredState: boolean }[];
  };
  expect(parsed.breaking).toBe(false);
  expect(parsed.jobs[0]!.needsAllowNonRestoredState).toBe(true);
});

it('exits 0 on a BREAKING change with --allow-breaking', async () => {
  expect((await plan('--allow-breaking', path.join(ROOT, 'difftest/jobs/plan_window_size.ts'))).code).toBe(0);
});

it('exits 2 with the diagnostics when an edited job does not compile', async () => {
  const result = await plan(path.join(ROOT, 'cli/test/plan-cases/not_static.ts'));
  expect(result.err).toMatch(/cli\/test\/plan-cases\/not_static\.ts\(\d+,\d+\): error /);
  expect(result.err).toContain('the working tree does not compile; nothing was compared');
  expect(result.out).toBe('');
  expect(result.code).toBe(2);
});

it.each([
  [['--base', 'HEAD', '--manifests', '.'], /give --base or --manifests, not both/],
  [['--manifests', 'schemas'], /--manifests schemas: no ir\/ folder in it/],
  [['--format', 'yaml'], /--format yaml: expected one of text, markdown, json/],
  [['--json', '--format', 'text'], /--json and --format text disagree/],
  [['no_such_job'], /unknown job 'no_such_job' \(jobs\/ has meeting_metrics_30s, meeting_trends_60s\)/],
  [['no/such/job.ts'], /no\/such\/job\.ts: no such job file/],
  [['--frobnicate'], /Unknown option '--frobnicate'/],
  [['--verify-savepoint', '/tmp/sp'], /--verify-savepoint restores one job: name it/],
  [['--jar', 'x.jar', 'meeting_metrics_30s'], /--jar is the job to restore with --verify-savepoint/],
])('refuses %j with a clear usage error', async (args, message) => {
  const run = () => runPlan(args, { out: () => {}, err: () => {} });
  await expect(run()).rejects.toThrow(UsageError);
  await expect(run()).rejects.toThrow(message);
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('collab-stream plan', () => {
  it('finds nothing to change between the committed jobs and the working tree (--base HEAD, as CI runs it)', async () => {
    // generated-java/ is committed and kept current (gen:check): HEAD's IR and manifests are the jobs of jobs/.
    const result = await cli('plan', '--base', 'HEAD', '--format', 'markdown');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('### collab-stream plan against `HEAD`');
    expect(result.stdout).toContain('**meeting_metrics_30s: no changes**');
    expect(result.stdout).toContain('**meeting_trends_60s: no changes**');
    expect(result.code).toBe(0);
  }, 60_000);

  it('exits 1 on a BREAKING change', async () => {
    const result = await cli('plan', '--manifests', deployed, 'difftest/jobs/plan_window_size.ts');
    expect(result.stdout).toContain('plan_demo: BREAKING');
    expect(result.code).toBe(1);
  }, 60_000);

  it('exits 2 on a usage error', async () => {
    const result = await cli('plan', '--base', 'no-such-revision');
    expect(result.stderr).toMatch(/^collab-stream plan: plan: --base no-such-revision: not a git revision/);
    expect(result.code).toBe(2);
  }, 60_000);
});
