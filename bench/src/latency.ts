// Issue #6 part 4: end-to-end latency of the deployed jobs at a fraction (60 %) of their sustained rate on the
// same input. Both jobs first drain the input's first events as a backlog (part 2's method; part 2's own day has
// far fewer meetings at once, so its rate would overload the jobs here): that is the rate basis and their warm-up.
// The same jobs then go on live: KafkaReplay sends the following events at the fraction of that rate and notes,
// for every 15 s boundary b of event time, the wall-clock instant at which every partition had been sent an event
// at or after b + the watermark delay: the earliest moment a watermark that trails each partition by that delay
// lets windows ending at b fire. (The replay runs event time faster than the clock, so that a realistic key count
// and this rate go together; latency is measured from that instant, never from event time.) Measured from there:
// - live, appended: a row's arrival on the live topic for a read_uncommitted consumer;
// - live, committed: its arrival for a read_committed consumer (the exactly-once sink commits on checkpoints);
// - Trino: the first poll at which Trino returns every row of that window (Parquet files commit on checkpoints).
import type { Consumer, Kafka } from 'kafkajs';
import { ensureTopics } from '../../simulator/src/produce';
import type { Job } from '../../dsl';
import { parseDuration } from '../../dsl';
import { createContext } from '../../infra/src/context';
import { waitFor } from '../../infra/src/probe';
import { JOBS } from '../../jobs';
import { prepareMetricTables } from '../../query/src/lake-tables';
import { TrinoClient } from '../../query/src/trino';
import { ensureInput, PARTITIONS } from './input';
import { freshPipeline, PipelineBench, registrySchemaIds, replay, withKafkaAdmin } from './pipeline';
import { restartFlink } from './stack';
import { log, percentile } from './util';

const BOUNDARY_MS = 15_000;
/**
 * Trino is polled this long after each poll returns, like a dashboard refreshing. A poll reads every file of the
 * day; polled back to back, Trino took half of this 2-core machine from the jobs being measured.
 */
const POLL_PAUSE_MS = 5_000;
/** Ten times the live-topic target: a row this late waited behind a backlog, not for its window to fire. */
export const BEHIND_MS = 10_000;

export interface LatencyStats {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LatencyResult {
  /** The rate the live replay is a fraction of: drainedEventsPerSecond, unless given with --sustained-rate. */
  readonly sustainedEventsPerSecond: number;
  /** Both jobs draining the input's first `basisEvents` as a backlog, just before they go on live. */
  readonly drainedEventsPerSecond: number;
  readonly basisEvents: number;
  readonly rateGiven: boolean;
  /** Part 2's rate on its simulated day, for comparison. */
  readonly dayPipelineEventsPerSecond: number | null;
  readonly fraction: number;
  readonly rateEventsPerSecond: number;
  readonly events: number;
  readonly replayMs: number;
  readonly eventTimeSpeedup: number;
  readonly checkpointIntervalMs: number;
  readonly watermarkDelayMs: number;
  readonly warmupMs: number;
  readonly windows: number;
  readonly trinoPollPauseMs: number;
  readonly trinoPollMedianMs: number;
  readonly liveAppended: Record<string, LatencyStats>;
  readonly liveCommitted: Record<string, LatencyStats>;
  readonly trino: Record<string, LatencyStats>;
  /** Per window, in order: when its boundary was crossed (ms after the replay started) and its rows' latencies. */
  readonly series: readonly WindowLatency[];
  /** Windows whose rows Trino never showed complete before the step ended (should be 0). */
  readonly trinoMissing: number;
  /**
   * The jobs did not keep up: the last window's first row reached the live topic (appended) more than
   * BEHIND_MS after its boundary was crossed, or not within 120 s after the replay ended.
   */
  readonly fellBehind: boolean;
}

export interface WindowLatency {
  readonly windowEnd: number;
  readonly crossedMs: number;
  readonly appendedFirstMs: number | null;
  readonly appendedLastMs: number | null;
  readonly committedLastMs: number | null;
}

interface Arrival {
  readonly job: string;
  readonly windowEnd: number;
  readonly at: number;
}

const stats = (values: readonly number[]): LatencyStats => ({
  samples: values.length,
  p50Ms: percentile(values, 50),
  p99Ms: percentile(values, 99),
  // Not Math.max(...values): a run has hundreds of thousands of rows, more arguments than the stack holds.
  maxMs:
    values.length === 0 ? Number.NaN : values.reduce((max, v) => Math.max(max, v), Number.NEGATIVE_INFINITY),
});

/** Per job and over all: the latency of every arrival whose window boundary was crossed after the warm-up. */
function latencies(
  arrivals: readonly Arrival[],
  crossed: ReadonlyMap<number, number>,
): Record<string, LatencyStats> {
  const byJob = new Map<string, number[]>([['all', []]]);
  for (const a of arrivals) {
    const from = crossed.get(a.windowEnd);
    if (from === undefined) continue;
    const list = byJob.get(a.job) ?? [];
    list.push(a.at - from);
    byJob.set(a.job, list);
    byJob.get('all')!.push(a.at - from);
  }
  return Object.fromEntries([...byJob].map(([job, values]) => [job, stats(values)]));
}

/** Each crossed window's first and last arrival, relative to its crossing: the shape of a run over time. */
function series(
  crossed: ReadonlyMap<number, number>,
  startedAt: number,
  appended: readonly Arrival[],
  committed: readonly Arrival[],
): WindowLatency[] {
  const span = (arrivals: readonly Arrival[]) => {
    const byWindow = new Map<number, [number, number]>();
    for (const a of arrivals) {
      const [first, last] = byWindow.get(a.windowEnd) ?? [a.at, a.at];
      byWindow.set(a.windowEnd, [Math.min(first, a.at), Math.max(last, a.at)]);
    }
    return byWindow;
  };
  const [a, c] = [span(appended), span(committed)];
  return [...crossed]
    .sort(([x], [y]) => x - y)
    .map(([windowEnd, at]) => ({
      windowEnd,
      crossedMs: at - startedAt,
      appendedFirstMs: a.has(windowEnd) ? a.get(windowEnd)![0] - at : null,
      appendedLastMs: a.has(windowEnd) ? a.get(windowEnd)![1] - at : null,
      committedLastMs: c.has(windowEnd) ? c.get(windowEnd)![1] - at : null,
    }));
}

const liveTopicsOf = (jobs: readonly Job[]) =>
  new Map(
    jobs.flatMap((j) =>
      j.metrics.flatMap((m) =>
        m.sinks.flatMap((s) => (s.kind === 'live-topic' ? [[s.topic, j.id] as const] : [])),
      ),
    ),
  );

async function liveConsumer(
  kafka: Kafka,
  topics: ReadonlyMap<string, string>,
  readUncommitted: boolean,
  arrivals: Arrival[],
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: `bench-latency-${readUncommitted ? 'appended' : 'committed'}-${Date.now().toString(36)}`,
    readUncommitted,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics.keys()], fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const at = Date.now();
      const job = topics.get(batch.topic)!;
      for (const m of batch.messages) {
        if (!m.value) continue;
        const row = JSON.parse(m.value.toString('utf8')) as { window_end: number };
        arrivals.push({ job, windowEnd: row.window_end, at });
      }
    },
  });
  await joined;
  return consumer;
}

/** Trino's row count per (job, window end) over time: a list of (when the poll returned, counts). */
class TrinoWatch {
  readonly polls: { at: number; tookMs: number; counts: Map<string, number> }[] = [];
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly trino: TrinoClient,
    private readonly tables: ReadonlyMap<string, string>,
    private readonly date: string,
  ) {}

  start(): void {
    const sql = [...this.tables]
      .map(
        ([job, table]) =>
          `SELECT '${job}', CAST(window_end AS varchar), count(*) FROM lake.metrics."${table}" WHERE "date" = '${this.date}' GROUP BY 2`,
      )
      .join(' UNION ALL ');
    this.loop = (async () => {
      while (!this.stopped) {
        await new Promise((resolve) => setTimeout(resolve, POLL_PAUSE_MS));
        const started = Date.now();
        const out = await this.trino.query(sql);
        const counts = new Map<string, number>();
        for (const [job, end, count] of out.rows as [string, string, number][])
          counts.set(`${job}@${Date.parse(`${end.replace(' ', 'T')}Z`)}`, Number(count));
        this.polls.push({ at: Date.now(), tookMs: Date.now() - started, counts });
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** When Trino first returned at least `rows` rows for the window. */
  visibleAt(job: string, windowEnd: number, rows: number): number | undefined {
    return this.polls.find((p) => (p.counts.get(`${job}@${windowEnd}`) ?? 0) >= rows)?.at;
  }
}

export async function benchLatency(options: {
  /** The bench input to take the events from (its first ones). */
  inputEvents: number;
  /** Events the jobs drain first: their warm-up, and the rate basis unless that is given. */
  basisEvents: number;
  sustainedEventsPerSecond?: number;
  dayPipelineEventsPerSecond?: number;
  fraction: number;
  durationSec: number;
  checkpointIntervalMs: number;
}): Promise<LatencyResult> {
  const ctx = createContext(log);
  const bench = new PipelineBench(ctx.config);
  const jobs = [...JOBS.values()];
  const input = ensureInput(options.inputEvents, log);
  const watermarkDelayMs = Math.max(
    ...jobs.flatMap((j) => j.sources.map((s) => parseDuration(s.watermark.maxOutOfOrder))),
  );
  const warmupMs = 20_000;
  const liveTopics = liveTopicsOf(jobs);
  const tables = new Map(
    jobs.flatMap((j) =>
      j.metrics.flatMap((m) =>
        m.sinks.flatMap((s) => (s.kind === 'lake-table' ? [[j.id, s.table] as const] : [])),
      ),
    ),
  );
  const date = new Date(input.firstEventTime).toISOString().slice(0, 10);
  if (new Date(input.lastEventTime).toISOString().slice(0, 10) !== date)
    throw new Error('the latency input must stay within one date');

  await restartFlink();
  await freshPipeline(bench, jobs);
  const schemaIds = await registrySchemaIds(bench.e.registryUrl);
  const basisEvents = Math.min(options.basisEvents, input.events);
  const trino = new TrinoClient({
    server: bench.e.trinoUrl,
    catalog: 'lake',
    schema: 'metrics',
    user: 'collab-bench',
  });
  await prepareMetricTables(trino, bench.e.lakePath);
  for (const table of tables.values())
    await trino.query(
      `CALL lake.system.create_empty_partition('metrics', '${table}', ARRAY['date'], ARRAY['${date}'])`,
    );
  const appended: Arrival[] = [];
  const committed: Arrival[] = [];
  const crossed = new Map<number, number>();
  const watch = new TrinoWatch(trino, tables, date);
  let replayed = { sent: 0, ms: 0 };
  let fellBehind = false;
  let started = Date.now();
  let drained = Number.NaN;
  let sustained = Number.NaN;
  let rate = 0;
  await withKafkaAdmin(bench.e.bootstrap, async (_admin, kafka) => {
    await ensureTopics(kafka, [...liveTopics.keys()], PARTITIONS, 1);
    // The same jobs drain the first events as a backlog (the rate basis, and their warm-up), then go on live.
    log(
      `latency: the rate basis: both jobs draining the first ${basisEvents} events of this input as a backlog`,
    );
    await replay(input.file, bench.e.bootstrap, schemaIds, ['--limit', String(basisEvents)]);
    const { deployed, eventsPerSecond } = await bench.timedRun(
      'both',
      `latency-${Date.now().toString(36)}`,
      bench.e.lakePath,
      basisEvents,
      options.checkpointIntervalMs,
    );
    drained = eventsPerSecond;
    sustained = options.sustainedEventsPerSecond ?? drained;
    rate = Math.round(sustained * options.fraction);
    log(
      `latency: both jobs drained ${Math.round(drained)} events/s; live at ${rate} events/s (${options.fraction} × ${Math.round(sustained)}) for ${options.durationSec} s, checkpoints every ${options.checkpointIntervalMs} ms`,
    );
    const consumers = [
      await liveConsumer(kafka, liveTopics, true, appended),
      await liveConsumer(kafka, liveTopics, false, committed),
    ];
    try {
      const until = basisEvents + rate * options.durationSec;
      if (until > input.events)
        throw new Error(`latency: ${until} events needed, the input has ${input.events} (raise --events)`);
      watch.start();
      started = Date.now();
      replayed = await replay(
        input.file,
        bench.e.bootstrap,
        schemaIds,
        [
          '--from',
          String(basisEvents),
          '--limit',
          String(until),
          '--rate',
          String(rate),
          '--boundary-ms',
          String(BOUNDARY_MS),
          '--delay-ms',
          String(watermarkDelayMs),
        ],
        (line) => {
          if (!line.startsWith('{"boundary"')) return;
          const { boundary, wallMs } = JSON.parse(line) as { boundary: number; wallMs: number };
          if (wallMs - started >= warmupMs) crossed.set(boundary, wallMs);
        },
      );
      log(
        `latency: replayed ${replayed.sent} events in ${(replayed.ms / 1000).toFixed(1)} s; ${crossed.size} window boundaries crossed after the warm-up`,
      );
      // The jobs keep up when the last windows' rows arrive soon after the replay ends; when they do not, the
      // step says so and the windows that never arrived count as missing (no latency is made up for them).
      const last = [...crossed.keys()].reduce((max, b) => Math.max(max, b), Number.NEGATIVE_INFINITY);
      const caughtUp = await waitFor(
        'the last windows to reach the committed live topics and Trino',
        120_000,
        async () => {
          const rows = committed.some((a) => a.windowEnd === last);
          const inTrino = watch.polls.some((p) => [...p.counts].some(([k]) => k.endsWith(`@${last}`)));
          return (rows && inTrino) || undefined;
        },
      ).then(
        () => true,
        () => false,
      );
      const lastArrival = appended
        .filter((a) => a.windowEnd === last)
        .reduce((min, a) => Math.min(min, a.at), Number.POSITIVE_INFINITY);
      const lastLatency = lastArrival - crossed.get(last)!;
      fellBehind = !caughtUp || lastLatency > BEHIND_MS;
      if (fellBehind)
        log(
          `latency: the jobs did not keep up: window end ${last} arrived ${caughtUp ? `${lastLatency} ms after its boundary` : 'not within 120 s after the replay'}`,
        );
      // One more checkpoint interval, so the last windows' files and rows are all in.
      await new Promise((resolve) => setTimeout(resolve, options.checkpointIntervalMs * 2 + 2_000));
    } finally {
      await watch.stop();
      for (const c of consumers) await c.disconnect();
      await bench.cancel(deployed);
    }
  });

  const rowsPerWindow = new Map<string, number>();
  for (const a of committed)
    rowsPerWindow.set(`${a.job}@${a.windowEnd}`, (rowsPerWindow.get(`${a.job}@${a.windowEnd}`) ?? 0) + 1);
  const trinoLatencies = new Map<string, number[]>([['all', []]]);
  let trinoMissing = 0;
  for (const [key, rows] of rowsPerWindow) {
    const [job, end] = [key.slice(0, key.indexOf('@')), Number(key.slice(key.indexOf('@') + 1))];
    const from = crossed.get(end);
    if (from === undefined) continue;
    const at = watch.visibleAt(job, end, rows);
    if (at === undefined) {
      trinoMissing++;
      continue;
    }
    for (const k of [job, 'all']) trinoLatencies.set(k, [...(trinoLatencies.get(k) ?? []), at - from]);
  }
  const result: LatencyResult = {
    sustainedEventsPerSecond: sustained,
    drainedEventsPerSecond: drained,
    basisEvents,
    rateGiven: options.sustainedEventsPerSecond !== undefined,
    dayPipelineEventsPerSecond: options.dayPipelineEventsPerSecond ?? null,
    fraction: options.fraction,
    rateEventsPerSecond: rate,
    events: replayed.sent,
    replayMs: replayed.ms,
    eventTimeSpeedup: rate / (input.events / ((input.lastEventTime - input.firstEventTime) / 1000)),
    checkpointIntervalMs: options.checkpointIntervalMs,
    watermarkDelayMs,
    warmupMs,
    windows: crossed.size,
    trinoPollPauseMs: POLL_PAUSE_MS,
    trinoPollMedianMs: percentile(
      watch.polls.map((p) => p.tookMs),
      50,
    ),
    liveAppended: latencies(appended, crossed),
    liveCommitted: latencies(committed, crossed),
    trino: Object.fromEntries([...trinoLatencies].map(([k, v]) => [k, stats(v)])),
    series: series(crossed, started, appended, committed),
    trinoMissing,
    fellBehind,
  };
  const all = (r: Record<string, LatencyStats>) => `p50 ${r.all?.p50Ms} ms, p99 ${r.all?.p99Ms} ms`;
  log(
    `latency: live appended ${all(result.liveAppended)}; live committed ${all(result.liveCommitted)}; Trino ${all(result.trino)}`,
  );
  await freshPipeline(bench, jobs);
  return result;
}
