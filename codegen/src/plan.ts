// Stage 4: IR → Flink plan. Flink vocabulary starts here: operators, uids, state. Every uid derives from a metric
// id, a topic or a sink name — never from a position — so adding a metric or reordering metrics keeps the saved
// state of every other operator (DESIGN §6). The plan is what the state manifest and the Java emitter read.
import { accumulatorFields } from './aggregations';
import type { Job, Metric } from './ir';
import { IR_VERSION } from './ir';
import { describeWindow, usesPanes } from './window';
import { describeKey } from '../../dsl';

export type StateKind =
  | 'kafka-source-splits'
  | 'kafka-sink-transactions'
  | 'file-sink-buckets'
  | 'window-aggregating'
  | 'window-timers'
  | 'keyed-map'
  | 'operator-list';

export interface StateEntry {
  readonly name: string;
  readonly kind: StateKind;
  /** A readable type: the Java type of the state value, or the accumulator's fields. */
  readonly type: string;
  readonly fields?: Readonly<Record<string, string>>;
  /** Processing-time TTL of the state, when it has one. */
  readonly ttlMs?: number;
}

export interface Operator {
  readonly uid: string;
  readonly name: string;
  readonly kind:
    | 'kafka-source'
    | 'decode'
    | 'map'
    | 'late-gate'
    | 'pre-aggregate'
    | 'window'
    | 'late-count'
    | 'kafka-sink'
    | 'file-sink';
  /** The metric the operator belongs to; null for job-wide operators. */
  readonly metric: string | null;
  readonly state: readonly StateEntry[];
}

export interface Plan {
  readonly jobId: string;
  readonly className: string;
  /** Key groups of the job's keyed state: in every savepoint, so never derived from the parallelism. */
  readonly maxParallelism: number;
  readonly operators: readonly Operator[];
}

/** The generated class of a job (its `main` is the Flink entry point): `meeting_metrics_30s` → `MeetingMetrics30sJob`. */
export function jobClassName(jobId: string): string {
  return `${pascalCase(jobId)}Job`;
}

export function pascalCase(snake: string): string {
  return snake
    .split(/[_\-.]/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** Operator uids; the runtime's OperatorIds builds the same ones (each generated job's test compares them). */
/**
 * Flink's own default for a job at parallelism ≤ 85 (128), so savepoints of jobs deployed before it was fixed still
 * restore; enough key groups to scale a job to 128 subtasks.
 */
export const MAX_PARALLELISM = 128;

export const uids = {
  source: (topic: string) => `source.${topic}`,
  decode: () => 'decode',
  /** The merged raw input of defineWorkflow (tests, benchmarks) is decoded and timed by these. */
  testDecode: () => 'test.decode',
  testWatermarks: () => 'test.watermarks',
  deadLetterSink: () => 'sink.dead_letters',
  input: (metric: string) => `metric.${metric}.input`,
  lateGate: (metric: string) => `metric.${metric}.late_gate`,
  preAggregate: (metric: string) => `metric.${metric}.pre_aggregate`,
  window: (metric: string) => `metric.${metric}.window`,
  late: (metric: string) => `metric.${metric}.late`,
  lateSink: (metric: string) => `metric.${metric}.sink.late`,
  toParquet: (metric: string, table: string) => `metric.${metric}.to_parquet.${table}`,
  lakeSink: (metric: string, table: string) => `metric.${metric}.sink.lake.${table}`,
  liveSink: (metric: string, topic: string) => `metric.${metric}.sink.live.${topic}`,
};

export function planJob(job: Job): Plan {
  if (job.irVersion !== IR_VERSION)
    throw new Error(`IR version ${String(job.irVersion)} is not ${IR_VERSION}: regenerate the IR`);
  const operators: Operator[] = [];
  for (const source of job.sources) {
    operators.push({
      uid: uids.source(source.topic),
      // Decodes inside the source and keeps watermarks per partition (runtime DecodingDeserializationSchema).
      name: `Kafka source ${source.topic}`,
      kind: 'kafka-source',
      metric: null,
      state: [{ name: 'splits', kind: 'kafka-source-splits', type: 'KafkaPartitionSplit' }],
    });
  }
  operators.push({
    uid: uids.decode(),
    name: 'split dead letters from events',
    kind: 'decode',
    metric: null,
    state: [],
  });
  operators.push({
    uid: uids.deadLetterSink(),
    name: `dead letters → ${job.deadLetterTopic}`,
    kind: 'kafka-sink',
    metric: null,
    state: [{ name: 'transactions', kind: 'kafka-sink-transactions', type: 'KafkaWriterState' }],
  });
  for (const metric of job.metrics) {
    const id = metric.id;
    operators.push({
      uid: uids.input(id),
      name: `${id}: per-event functions`,
      kind: 'map',
      metric: id,
      state: [],
    });
    // The watermark at the last checkpoint, restored as a floor for lateness (runtime WatermarkFloor).
    const watermarkFloor = (name: string): StateEntry => ({
      name,
      kind: 'operator-list',
      type: 'Long (union: minimum over subtasks)',
    });
    if (metric.window.kind === 'tumbling') {
      operators.push({
        uid: uids.lateGate(id),
        name: `${id}: late after restore`,
        kind: 'late-gate',
        metric: id,
        state: [watermarkFloor('late-gate.watermark-floor')],
      });
    }
    if (usesPanes(metric.window)) {
      // Partials per (key, pane) on the heap, all sent before every checkpoint barrier: its only state is the
      // watermark floor that decides lateness (runtime PanePreAggregator).
      operators.push({
        uid: uids.preAggregate(id),
        name: `${id}: pre-aggregate panes`,
        kind: 'pre-aggregate',
        metric: id,
        state: [watermarkFloor('pre-aggregate.watermark-floor')],
      });
    }
    // Tumbling windows use Flink's window operator; sliding windows the runtime's SlidingPanes, whose state is
    // one accumulator per pane start.
    const alignedState: StateEntry[] =
      metric.window.kind === 'tumbling'
        ? [
            {
              name: 'window-contents',
              kind: 'window-aggregating',
              type: `${pascalCase(id)}Accumulator`,
              fields: accumulatorFields(metric),
            },
            { name: 'window-timers', kind: 'window-timers', type: 'TimeWindow' },
          ]
        : [
            {
              name: 'panes',
              kind: 'keyed-map',
              type: `Map<Long, ${pascalCase(id)}Accumulator>`,
              fields: accumulatorFields(metric),
            },
            // A cumulating window folds its steps' panes into one accumulator per max window (runtime CumulatePanes).
            ...(metric.window.kind === 'cumulate'
              ? [
                  {
                    name: 'cumulated',
                    kind: 'keyed-map' as const,
                    type: `Map<Long, ${pascalCase(id)}Accumulator>`,
                    fields: accumulatorFields(metric),
                  },
                ]
              : []),
            // A process function's timers: Flink saves them as its operator's `user-timers` service.
            { name: 'user-timers', kind: 'window-timers', type: 'Long (window end − 1)' },
            watermarkFloor('panes.watermark-floor'),
          ];
    const windowState =
      metric.window.kind === 'session'
        ? sessionState(id, metric, watermarkFloor('sessions.watermark-floor'))
        : alignedState;
    for (const measure of metric.measures) {
      if (measure.kind !== 'presence') continue;
      windowState.push({
        name: `presence.${measure.name}`,
        kind: 'keyed-map',
        type: 'Map<String, Long>',
        ttlMs: presenceStateTtlMs(measure.ttlMs),
      });
    }
    const windowName = describeWindow(metric.window);
    operators.push({
      uid: uids.window(id),
      name: `${id}: ${windowName} by ${describeKey(metric.key)}`,
      kind: 'window',
      metric: id,
      state: windowState,
    });
    operators.push({
      uid: uids.late(id),
      name: `${id}: count late events (${metric.late.policy})`,
      kind: 'late-count',
      metric: id,
      state: [{ name: 'late-events.count', kind: 'operator-list', type: 'Long (summed on restore)' }],
    });
    if (metric.late.policy === 'side-output') {
      operators.push({
        uid: uids.lateSink(id),
        name: `${id}: late events → ${metric.late.topic}`,
        kind: 'kafka-sink',
        metric: id,
        state: [{ name: 'transactions', kind: 'kafka-sink-transactions', type: 'KafkaWriterState' }],
      });
    }
    for (const sink of metric.sinks) {
      if (sink.kind === 'lake-table') {
        operators.push({
          uid: uids.toParquet(id, sink.table),
          name: `${id}: rows → Avro for ${sink.schema}.${sink.table}`,
          kind: 'map',
          metric: id,
          state: [],
        });
        operators.push({
          uid: uids.lakeSink(id, sink.table),
          name: `${id}: Parquet → ${sink.schema}.${sink.table}`,
          kind: 'file-sink',
          metric: id,
          state: [{ name: 'buckets', kind: 'file-sink-buckets', type: 'FileWriterBucketState' }],
        });
      } else {
        operators.push({
          uid: uids.liveSink(id, sink.topic),
          name: `${id}: JSON rows → ${sink.topic}`,
          kind: 'kafka-sink',
          metric: id,
          state: [{ name: 'transactions', kind: 'kafka-sink-transactions', type: 'KafkaWriterState' }],
        });
      }
    }
  }
  return { jobId: job.id, className: jobClassName(job.id), maxParallelism: MAX_PARALLELISM, operators };
}

/**
 * The runtime's SessionWindows keeps, per key, one accumulator per open session and the session's end, both by its
 * start; a timer at each session's end − 1; and the watermark floor that decides lateness after a restore.
 */
function sessionState(id: string, metric: Metric, floor: StateEntry): StateEntry[] {
  return [
    {
      name: 'sessions',
      kind: 'keyed-map',
      type: `Map<Long, ${pascalCase(id)}Accumulator>`,
      fields: accumulatorFields(metric),
    },
    { name: 'session-ends', kind: 'keyed-map', type: 'Map<Long, Long> (start → end)' },
    { name: 'user-timers', kind: 'window-timers', type: 'Long (session end − 1)' },
    floor,
  ];
}

/**
 * Presence is expired by event time when a window fires (SEMANTICS.md); Flink's state TTL only runs on processing
 * time, so it is a garbage collector for keys that went quiet, set a day beyond the semantic TTL so it can never
 * remove an entry the event-time rule still counts (unless the job is down for more than a day).
 */
export function presenceStateTtlMs(ttlMs: number): number {
  return ttlMs + 86_400_000;
}
