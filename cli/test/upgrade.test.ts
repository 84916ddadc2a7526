// `collab-stream deploy --upgrade` against a scripted Flink REST API (the cluster's side is proven on the real stack
// in e2e/test/upgrade.stack.test.ts): which version it compares with, what it refuses, what it runs from which
// savepoint, and how it rolls back. The jars are real jar files holding the compiler's output of difftest/jobs/*.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { generateAll, writeTree } from '../../codegen/src/main';
import type { FlinkRest, JobState, RunOptions } from '../../deploy/src/flink-rest';
import planBase from '../../difftest/jobs/plan_base';
import { rollbackArguments, runUpgrade } from '../src/upgrade';

const ROOT = path.resolve(__dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A job jar holding only what deploy --upgrade reads of it: collab-stream/ir and collab-stream/manifests. */
function jarOf(jobFile: string): string {
  const { files, errors } = generateAll([path.join(ROOT, jobFile)]);
  expect(errors).toBe('');
  const name = path.basename(jobFile, '.ts');
  const tree = path.join(work, name);
  writeTree(
    path.join(tree, 'collab-stream'),
    new Map([...files].filter(([file]) => /^(ir|manifests)\//.test(file))),
  );
  const jar = path.join(work, `${name}.jar`);
  execFileSync('jar', ['cf', jar, '-C', tree, 'collab-stream']);
  return jar;
}

/** What a running generated job publishes (runtime DeployedVersion), for the version in `jobFile`. */
function publishedBy(jobFile: string, args: Record<string, string>): Record<string, string> {
  const { files } = generateAll([path.join(ROOT, jobFile)]);
  const ir = files.get('ir/plan_demo.ir.json')!;
  const manifest = files.get('manifests/plan_demo.state.json')!;
  const version = zlib.gzipSync(`{"ir":${ir},"manifest":${manifest}}`).toString('base64');
  return {
    'collab.job-id': 'plan_demo',
    'collab.jar-id': 'old_jobs.jar',
    'collab.version': version,
    ...Object.fromEntries(Object.entries(args).map(([k, v]) => [`collab.arg.${k}`, v])),
  };
}

const jars = {
  addMeasure: jarOf('difftest/jobs/plan_add_measure.ts'),
  windowSize: jarOf('difftest/jobs/plan_window_size.ts'),
};
const OLD_ARGS = { 'kafka.bootstrap': 'broker:9092', 'checkpoint.interval-ms': '5000' };

/** A cluster where plan_demo runs as `old`; `behave` says what becomes of a job started from a jar. */
class ScriptedFlink {
  readonly baseUrl = 'http://flink.test';
  readonly runs: (RunOptions & { jarId: string; jobId: string })[] = [];
  readonly stops: { jobId: string; drain: boolean }[] = [];
  readonly cancelled: string[] = [];
  private readonly states = new Map<string, JobState>([['old', 'RUNNING']]);
  private readonly restartsOf = new Map<string, number>();
  private uploads = 0;

  constructor(
    private readonly behave: (jarId: string) => 'healthy' | 'restarts' | 'refused',
    private readonly jarsOnCluster = ['old_jobs.jar'],
    private readonly published = publishedBy('difftest/jobs/plan_base.ts', OLD_ARGS),
  ) {}

  async jobs() {
    return [...this.states].map(([id, state]) => ({ id, name: 'plan_demo', state }));
  }
  async userConfig(jobId: string) {
    expect(jobId).toBe('old');
    return this.published;
  }
  async uploadJar(jar: string) {
    this.uploads++;
    const id = `new${this.uploads}_${path.basename(jar)}`;
    this.jarsOnCluster.push(id);
    return id;
  }
  async jars() {
    return this.jarsOnCluster;
  }
  async stopWithSavepoint(jobId: string, _target: string | undefined, drain: boolean) {
    this.stops.push({ jobId, drain });
    this.states.set(jobId, 'FINISHED');
    return 'request-1';
  }
  async savepointStatus() {
    return 's3://collab-flink/savepoints/savepoint-1';
  }
  async runJar(jarId: string, options: RunOptions) {
    if (this.behave(jarId) === 'refused')
      throw new Error('org.apache.flink.client.program.ProgramInvocationException');
    const jobId = `job${this.runs.length + 1}`;
    this.runs.push({ ...options, jarId, jobId });
    this.states.set(jobId, 'RUNNING');
    if (this.behave(jarId) === 'restarts') this.restartsOf.set(jobId, 1);
    return jobId;
  }
  async jobState(jobId: string) {
    return this.states.get(jobId)!;
  }
  async restarts(jobId: string) {
    return this.restartsOf.get(jobId) ?? 0;
  }
  async vertexStates() {
    return ['RUNNING', 'RUNNING'];
  }
  /** The old job runs at parallelism 2. */
  async parallelism(jobId: string) {
    expect(jobId).toBe('old');
    return 2;
  }
  async checkpoints() {
    return { completed: 1, inProgress: 0, failed: 0, latestCompletedPath: null, restoredPath: null };
  }
  async cancel(jobId: string) {
    this.cancelled.push(jobId);
    this.states.set(jobId, 'CANCELED');
  }
}

async function upgrade(
  flink: ScriptedFlink,
  jar: string,
  extra: { allowBreaking?: boolean; startFrom?: string; parallelism?: number } = {},
) {
  let out = '';
  const code = await runUpgrade(
    flink as unknown as FlinkRest,
    planBase,
    'io.collabstream.generated.PlanDemoJob',
    {
      jar,
      jobArgs: ['--kafka.bootstrap=broker:9092', '--checkpoint.interval-ms=1000', '--registry.password=p'],
      allowBreaking: extra.allowBreaking ?? false,
      startFrom: extra.startFrom ?? 'committed',
      healthyTimeoutMs: 20_000,
      parallelism: extra.parallelism,
    },
    { out: (text) => (out += `${text}\n`) },
  );
  return { code, out };
}

it('PARTIAL (a measure added): stops without draining, runs the new jar from that savepoint, waits for health', async () => {
  const flink = new ScriptedFlink(() => 'healthy');
  const { code, out } = await upgrade(flink, jars.addMeasure);
  expect(code).toBe(0);
  expect(out).toContain('plan against the cluster:');
  expect(out).toMatch(/PARTIAL +plan_demo_30s\.joins/);
  expect(flink.stops).toEqual([{ jobId: 'old', drain: false }]);
  expect(flink.runs).toHaveLength(1);
  expect(flink.runs[0]).toMatchObject({
    jarId: 'new1_plan_add_measure.jar',
    savepointPath: 's3://collab-flink/savepoints/savepoint-1',
    allowNonRestoredState: false,
    parallelism: 2,
  });
  expect(flink.runs[0]!.args).toContain('--collab.jar-id=new1_plan_add_measure.jar');
  expect(out).toContain('plan_demo is upgraded: RUNNING as job1');
});

it('BREAKING (window size): refused, and the running job is not touched', async () => {
  const flink = new ScriptedFlink(() => 'healthy');
  const { code, out } = await upgrade(flink, jars.windowSize);
  expect(code).toBe(1);
  expect(out).toContain('refusing a BREAKING change');
  expect(flink.stops).toEqual([]);
  expect(flink.runs).toEqual([]);
});

it('BREAKING allowed: starts fresh from the chosen offsets, no savepoint, and says what the rows will show', async () => {
  const flink = new ScriptedFlink(() => 'healthy');
  const { code, out } = await upgrade(flink, jars.windowSize, { allowBreaking: true, startFrom: 'earliest' });
  expect(code).toBe(0);
  expect(flink.runs[0]!.savepointPath).toBeUndefined();
  expect(flink.runs[0]!.args).toContain('--kafka.starting-offsets=earliest');
  expect(out).toContain('windows already written are written again');
});

it('a new version that fails after starting is cancelled; the old jar runs again from the same savepoint, with its own arguments', async () => {
  const flink = new ScriptedFlink((jar) => (jar.startsWith('new') ? 'restarts' : 'healthy'));
  const { code, out } = await upgrade(flink, jars.addMeasure);
  expect(code).toBe(1);
  expect(out).toContain('the upgrade failed: it failed and is restarting');
  expect(flink.cancelled).toEqual(['job1']);
  expect(flink.runs[1]).toMatchObject({
    jarId: 'old_jobs.jar',
    savepointPath: 's3://collab-flink/savepoints/savepoint-1',
    parallelism: 2,
  });
  // The old arguments as published; the secret-looking one it withheld comes from this invocation.
  expect([...flink.runs[1]!.args!].sort()).toEqual(
    [
      '--kafka.bootstrap=broker:9092',
      '--checkpoint.interval-ms=5000',
      '--registry.password=p',
      '--collab.jar-id=old_jobs.jar',
    ].sort(),
  );
  expect(out).toContain('rolled back: plan_demo runs the old version again as job2');
});

it('--parallelism rescales the new job; a rollback runs the old jar at the parallelism it ran with', async () => {
  const flink = new ScriptedFlink((jar) => (jar.startsWith('new') ? 'restarts' : 'healthy'));
  const { code } = await upgrade(flink, jars.addMeasure, { parallelism: 1 });
  expect(code).toBe(1);
  expect(flink.runs.map((r) => [r.jarId, r.parallelism])).toEqual([
    ['new1_plan_add_measure.jar', 1],
    ['old_jobs.jar', 2],
  ]);
});

it('a new version the cluster refuses to start rolls back the same way', async () => {
  const flink = new ScriptedFlink((jar) => (jar.startsWith('new') ? 'refused' : 'healthy'));
  const { code, out } = await upgrade(flink, jars.addMeasure);
  expect(code).toBe(1);
  expect(out).toContain('the cluster refused to start it');
  expect(flink.runs.map((r) => r.jarId)).toEqual(['old_jobs.jar']);
});

it('when the old jar is gone from the cluster, says so and how to restore: exit 2', async () => {
  const flink = new ScriptedFlink(() => 'restarts', []);
  const { code, out } = await upgrade(flink, jars.addMeasure);
  expect(code).toBe(2);
  expect(out).toContain('cannot roll back: the old jar (old_jobs.jar) is no longer on the cluster');
  expect(out).toContain(
    'collab-stream deploy plan_demo --from-savepoint s3://collab-flink/savepoints/savepoint-1',
  );
});

it('a running job that publishes no version needs --base or --manifests', async () => {
  const flink = new ScriptedFlink(() => 'healthy', ['old_jobs.jar'], { 'collab.job-id': 'plan_demo' });
  await expect(upgrade(flink, jars.addMeasure)).rejects.toThrow(
    /publishes no version .* --base <git-ref> or --manifests <dir>/,
  );
});

it('rollback arguments: the published ones, plus what the old version withheld from this invocation', () => {
  expect(
    rollbackArguments({ 'collab.arg.a': '1', 'collab.jar-id': 'x', other: 'y' }, [
      '--a=2',
      '--s3.secret-key=k',
      'stray',
    ]),
  ).toEqual(['--a=1', '--s3.secret-key=k']);
});
