// Stop-with-savepoint as an operator means it: the savepoint is taken, or the reason it cannot be is reported.
// Flink fails the operation, not the job, when the job is failing over at that moment ("Checkpoint Coordinator is
// suspending", "Not all required tasks are currently running"); the job then comes back RUNNING and the stop can
// simply be asked for again. Anything else (the job gone, the deadline passed) is an error naming the last cause.
import type { FlinkRest } from './flink-rest';
import { SavepointFailedError } from './flink-rest';
import { waitFor } from '../../infra/src/probe';

/** Job states from which a failed savepoint can be retried: the job is still there and coming back. */
const RECOVERING = new Set(['RUNNING', 'RESTARTING', 'CREATED', 'INITIALIZING']);

export interface StopOptions {
  readonly targetDirectory?: string;
  /** Sources end first, so every window fires and every file commits. */
  readonly drain: boolean;
  readonly timeoutMs: number;
  /** Told each time a failed attempt is retried, with Flink's reason. */
  readonly onRetry?: (reason: string) => void;
  readonly pollMs?: number;
}

type StopClient = Pick<FlinkRest, 'stopWithSavepoint' | 'savepointStatus' | 'jobState' | 'vertexStates'>;

/** Stops `jobId` with a savepoint and returns its location, asking again while a failover made Flink refuse. */
export async function stopWithSavepoint(
  flink: StopClient,
  jobId: string,
  options: StopOptions,
): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
  const left = () => Math.max(0, deadline - Date.now());
  const pollMs = options.pollMs ?? 1_000;
  for (;;) {
    const request = await flink.stopWithSavepoint(jobId, options.targetDirectory, options.drain);
    const outcome = await waitFor(
      `the savepoint of ${jobId}`,
      left(),
      () => outcomeOf(flink, jobId, request),
      pollMs,
    );
    if ('location' in outcome) return outcome.location;
    const state = await flink.jobState(jobId);
    if (!RECOVERING.has(state) || left() === 0)
      throw new Error(`the savepoint of ${jobId} failed (job ${state}): ${outcome.failed}`);
    options.onRetry?.(outcome.failed);
    const running = await waitFor(
      `${jobId} to run every task again after a failed savepoint (${outcome.failed})`,
      left(),
      async () =>
        RECOVERING.has(await flink.jobState(jobId))
          ? (await flink.vertexStates(jobId)).every((s) => s === 'RUNNING') || undefined
          : false,
      pollMs,
    );
    if (!running) throw new Error(`the savepoint of ${jobId} failed and the job ended: ${outcome.failed}`);
  }
}

/** One poll: the location, Flink's reason for failing the operation, or null while it is in progress. */
async function outcomeOf(
  flink: StopClient,
  jobId: string,
  request: string,
): Promise<{ location: string } | { failed: string } | null> {
  try {
    const location = await flink.savepointStatus(jobId, request);
    return location === null ? null : { location };
  } catch (error) {
    // A failed operation ends this attempt; any other error (the REST API busy) is polled again by waitFor.
    if (error instanceof SavepointFailedError) return { failed: error.reason };
    throw error;
  }
}
