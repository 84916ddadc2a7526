// The late records of a run go last, and they must be late for Flink as they are for the evaluator: every window
// they belong to has fired. Everything consumed and checkpointed does not mean that: a partition with nothing left
// to read holds its source's watermark at its last event (after a restore, at none) until it turns idle (its
// source's idleAfter, a minute); a late record read meanwhile opens windows the uninterrupted run had closed (the
// floor restored with the job's state covers only the windows that had fired before its checkpoint).
import type { FlinkRest } from '../../deploy/src/flink-rest';
import type { Job } from '../../dsl';
import { parseDuration } from '../../dsl/duration';
import type { WindowSpec } from '../../dsl/window';
import { runningInstance } from '../../e2e/src/pipeline';
import { waitFor } from '../../infra/src/probe';
import type { PlannedRecord, SimulationConfig } from '../../simulator/src/plan';
import { planSimulation } from '../../simulator/src/plan';
import { keyPartitioner } from '../../simulator/src/produce';
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

/** Below the sources' watermark alignment drift (runtime Watermarks.MAX_DRIFT, 30 s). */
const MAX_SPREAD_MS = 20_000;

/**
 * One on-time record for every partition of every topic, sent before the late records (twice: run.ts). By then the
 * partitions that had nothing left to read are idle, and a late record reaching one would make it active again with
 * the watermark of its last event, long behind the others: the sources' watermark alignment would then pause every
 * other partition until it turned idle again (a minute). Woken by these first, every partition has a watermark at
 * most MAX_SPREAD_MS apart from the others (less than the alignment's drift) when the late records come. Each is
 * the first record of its partition in a minute of traffic after `from`, sent in event-time order, so none is late
 * for a partition woken before it; denser traffic is planned until all are within the spread.
 */
export function planTail(
  base: Omit<SimulationConfig, 'start' | 'end' | 'now'>,
  from: number,
  topics: readonly string[],
  partitions: number,
  schemas: BadWriterSchemas,
): PlannedRecord[] {
  const partitionOf = keyPartitioner(partitions);
  for (let meetingsPerMinute = 30; ; meetingsPerMinute *= 2) {
    const firsts = new Map<string, PlannedRecord>();
    for (const record of planSimulation(
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
    )) {
      const at = `${record.topic}/${partitionOf(record.key)}`;
      if (topics.includes(record.topic) && !firsts.has(at)) firsts.set(at, record);
    }
    const tail = [...firsts.values()].sort((a, b) => a.eventTime - b.eventTime);
    const spread = tail.length > 0 ? tail.at(-1)!.eventTime - tail[0]!.eventTime : 0;
    if ((firsts.size === topics.length * partitions && spread <= MAX_SPREAD_MS) || meetingsPerMinute >= 3_840)
      return tail;
  }
}
