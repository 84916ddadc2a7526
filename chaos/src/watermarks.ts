// The late records of a run go last, and they must be late for Flink as they are for the evaluator: every window
// they belong to has fired. Everything consumed and checkpointed does not mean that. After a restore a partition
// with nothing left to read has no watermark until it turns idle (its source's idleAfter, a minute), and it holds
// the job's watermark back meanwhile; a late record read then opens windows the uninterrupted run had closed
// (the floor restored with the job's state covers only the windows that had fired before its checkpoint).
import type { FlinkRest } from '../../deploy/src/flink-rest';
import type { Job } from '../../dsl';
import { parseDuration } from '../../dsl/duration';
import type { WindowSpec } from '../../dsl/window';
import { runningInstance } from '../../e2e/src/pipeline';
import { waitFor } from '../../infra/src/probe';
import type { PlannedRecord, SimulationConfig } from '../../simulator/src/plan';
import { planSimulation } from '../../simulator/src/plan';
import { partitionOfKey } from '../../simulator/src/produce';
import type { BadWriterSchemas } from '../../simulator/src/bad';

/** How far behind the late records' windows a job's watermark was when they were due, and how long it took. */
export interface WatermarkWait {
  readonly job: string;
  /** 0 when the watermark was already past. */
  readonly shortByMs: number;
  readonly waitedMs: number;
}

/**
 * The longest a window holding an event at t can end after t: at most the size (a sliding window's last one ends
 * before t + size), a cumulating window's max, a session's maxDuration, else its gap (codegen windowLengthMs).
 */
function longestWindowMs(window: WindowSpec): number {
  switch (window.kind) {
    case 'cumulate':
      return parseDuration(window.max);
    case 'session':
      return parseDuration(window.maxDuration ?? window.gap);
    default:
      return parseDuration(window.size);
  }
}

/**
 * Waits until each job decides lateness, wherever it does (every subtask), against a watermark past every window of
 * `late`: its current watermark, or the floor restored with its state (a job restored after the end of its input
 * has no watermark until new events come, and its floor holds the one it had reached).
 */
export async function waitUntilLateForFlink(
  flink: FlinkRest,
  jobs: readonly Job[],
  late: readonly PlannedRecord[],
  log: (text: string) => void,
  timeoutMs = 300_000,
): Promise<WatermarkWait[]> {
  const waits: WatermarkWait[] = [];
  for (const job of jobs) {
    const topics = new Set<string>(job.sources.map((s) => s.topic));
    const times = late.filter((r) => topics.has(r.topic)).map((r) => r.eventTime);
    if (times.length === 0) continue;
    const needed = Math.max(...times) + Math.max(...job.metrics.map((m) => longestWindowMs(m.window))) - 1;
    const started = Date.now();
    let first: number | undefined;
    await waitFor(
      `${job.id}'s watermark to pass ${new Date(needed).toISOString()} (its late records' windows)`,
      timeoutMs,
      async () => {
        const deciding = await flink.latenessWatermarks(await runningInstance(flink, job));
        if (deciding.length === 0) throw new Error(`${job.id} publishes no watermark floor`);
        const lowest = Math.min(...deciding.map((v) => Math.max(v.watermark, v.floor)));
        first ??= lowest;
        return lowest >= needed || undefined;
      },
    );
    const wait = { job: job.id, shortByMs: Math.max(0, needed - first!), waitedMs: Date.now() - started };
    if (wait.shortByMs > 0)
      log(
        `  ${job.id}: its watermark was ${(wait.shortByMs / 1000).toFixed(0)} s of event time short of the late ` +
          `records' windows; past them after ${(wait.waitedMs / 1000).toFixed(1)} s`,
      );
    waits.push(wait);
  }
  return waits;
}

/**
 * A minute of on-time traffic after the run's end that reaches every partition of every topic, sent just before
 * the late records. By then the partitions that had nothing left to read are idle; a late record reaching one of
 * them would make it active again with the watermark of its last event, long behind the others, and the sources'
 * watermark alignment would pause every other partition until it turned idle again (a minute). Partitions that this
 * tail has just moved to the present keep the late records from doing that. Denser traffic is planned until every
 * partition has a record.
 */
export function planTail(
  base: Omit<SimulationConfig, 'start' | 'end' | 'now'>,
  from: number,
  topics: readonly string[],
  partitions: number,
  schemas: BadWriterSchemas,
): PlannedRecord[] {
  for (let meetingsPerMinute = 30; ; meetingsPerMinute *= 2) {
    const tail = [
      ...planSimulation(
        {
          ...base,
          seed: base.seed + 1_000_003,
          start: from,
          end: from + 60_000,
          now: Date.now(),
          meetingsPerMinute,
          lateProbability: 0,
          badProbability: 0,
        },
        schemas,
      ),
    ].filter((r) => topics.includes(r.topic));
    const reached = new Set(tail.map((r) => `${r.topic}/${partitionOfKey(r.key, partitions)}`));
    if (reached.size === topics.length * partitions || meetingsPerMinute >= 960) return tail;
  }
}
