// stopWithSavepoint against a scripted Flink REST API: a savepoint Flink fails while the job fails over is asked for
// again once every task runs; a job that is gone ends the stop at once with Flink's reason.
import type { JobState } from '../src/flink-rest';
import { SavepointFailedError } from '../src/flink-rest';
import { stopWithSavepoint } from '../src/savepoint';

const SUSPENDING =
  'org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint Coordinator is suspending.';

/** Each stop request answers the next scripted outcome; the job's states are played one per poll. */
class ScriptedFlink {
  readonly requests: string[] = [];
  constructor(
    private readonly outcomes: ('fails' | 'completes')[],
    private readonly states: JobState[],
    private readonly tasksRunningAfter = 2,
  ) {}
  private polls = 0;
  async stopWithSavepoint(_jobId: string, _target: string | undefined, drain: boolean) {
    expect(drain).toBe(true);
    this.requests.push(`request-${this.requests.length + 1}`);
    return this.requests.at(-1)!;
  }
  async savepointStatus(_jobId: string, request: string) {
    const outcome = this.outcomes[this.requests.indexOf(request)];
    if (outcome === 'fails') throw new SavepointFailedError(`savepoint ${request}`, SUSPENDING);
    return `s3://collab-flink/savepoints/${request}`;
  }
  async jobState() {
    return this.states[Math.min(this.polls++, this.states.length - 1)]!;
  }
  async vertexStates() {
    return this.polls > this.tasksRunningAfter ? ['RUNNING', 'RUNNING'] : ['RUNNING', 'DEPLOYING'];
  }
}

const options = { drain: true, timeoutMs: 10_000, pollMs: 1 };

test('a savepoint failed during a failover is taken again once the job runs every task', async () => {
  const flink = new ScriptedFlink(['fails', 'completes'], ['RESTARTING', 'RUNNING']);
  const retried: string[] = [];
  const location = await stopWithSavepoint(flink, 'job-1', { ...options, onRetry: (r) => retried.push(r) });
  expect(location).toBe('s3://collab-flink/savepoints/request-2');
  expect(flink.requests).toEqual(['request-1', 'request-2']);
  expect(retried).toEqual([SUSPENDING]);
});

test('a savepoint that fails with the job gone ends the stop at once, with the reason', async () => {
  const flink = new ScriptedFlink(['fails'], ['FAILED']);
  const started = Date.now();
  await expect(stopWithSavepoint(flink, 'job-1', options)).rejects.toThrow(
    `the savepoint of job-1 failed (job FAILED): ${SUSPENDING}`,
  );
  expect(flink.requests).toEqual(['request-1']);
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('a job that ends while recovering from the failed savepoint is reported, not waited for', async () => {
  const flink = new ScriptedFlink(['fails'], ['RESTARTING', 'CANCELED'], 99);
  await expect(stopWithSavepoint(flink, 'job-1', options)).rejects.toThrow(
    `the savepoint of job-1 failed and the job ended: ${SUSPENDING}`,
  );
});

test('the first savepoint that completes is returned without a retry', async () => {
  const flink = new ScriptedFlink(['completes'], ['RUNNING']);
  await expect(stopWithSavepoint(flink, 'job-1', options)).resolves.toBe(
    's3://collab-flink/savepoints/request-1',
  );
  expect(flink.requests).toEqual(['request-1']);
});
