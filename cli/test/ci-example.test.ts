// ci-examples/github-actions.yml runs only commands tested here: its plan step's script runs as written (with the
// base branch replaced by HEAD, whose generated-java/ is the working tree's jobs), and every collab-stream command
// in the file is tested (the upgrade step names its tests).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const WORKFLOW = fs.readFileSync(path.join(ROOT, 'ci-examples/github-actions.yml'), 'utf8');

/** The `run:` script of the step with this name (a one-line value or a `|` block), as the runner would see it. */
function stepScript(name: string): string {
  const lines = WORKFLOW.split('\n');
  const start = lines.findIndex((l) => l.trim() === `- name: ${name}`);
  if (start < 0) throw new Error(`no step named '${name}'`);
  const stepIndent = lines[start]!.indexOf('-');
  for (let i = start + 1; i < lines.length && lines[i]!.search(/\S/) > stepIndent; i++) {
    const run = /^(\s*)run: (.*)$/.exec(lines[i]!);
    if (!run) continue;
    if (run[2] !== '|') return run[2]!;
    const body: string[] = [];
    for (
      let j = i + 1;
      j < lines.length && (lines[j]!.trim() === '' || lines[j]!.search(/\S/) > run[1]!.length);
      j++
    )
      body.push(lines[j]!.slice(run[1]!.length + 2));
    return body.join('\n').trimEnd() + '\n';
  }
  throw new Error(`step '${name}' has no run`);
}

it('runs only tested commands', () => {
  const commands = [...WORKFLOW.matchAll(/(?:npx collab-stream|npm run) [a-z:]+[^\n]*/g)].map((m) => m[0]);
  expect(commands).toEqual([
    'npm run gen:check',
    'npx collab-stream plan --base "$PLAN_BASE" --format markdown > plan.md',
    'npx collab-stream deploy ${{ matrix.job }} --upgrade',
  ]);
  // The comment right above the upgrade step names the tests behind it, and they exist.
  const tests =
    /# Tested in (\S+) and, on the real cluster, (\S+)\.\n\s*- name: Upgrade the job through a savepoint\n/.exec(
      WORKFLOW,
    );
  expect(tests).not.toBeNull();
  for (const file of tests!.slice(1)) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
});

it('the plan step posts the plan to the job summary and passes when nothing is BREAKING', async () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-plan-'));
  try {
    const summary = path.join(temp, 'summary.md');
    const script = stepScript('Plan state changes against the base branch');
    const { stdout } = await promisify(execFile)('bash', ['-e', '-c', script], {
      cwd: ROOT,
      env: { ...process.env, PLAN_BASE: 'HEAD', GITHUB_STEP_SUMMARY: summary },
    });
    expect(stdout).toContain('**meeting_metrics_30s: no changes**');
    const posted = fs.readFileSync(summary, 'utf8');
    expect(posted).toContain('### collab-stream plan against `HEAD`');
    expect(posted).toContain('Plan: 0 BREAKING, 0 PARTIAL, 0 SEMANTIC, 0 SAFE changes in 0 of 2 jobs.');
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
    fs.rmSync(path.join(ROOT, 'plan.md'), { force: true });
  }
}, 60_000);
