// Prometheus alerting rules: the stack's and every job's, plus per metric (generated from the compiler's output)
// late events, stalled watermarks and windows that emit no rows. Emitted as YAML (ops/prometheus/alerts.yml).
import type { JobModel, MetricModel } from './compiler-output';
import {
  deadLetterCounter,
  EVENTS_ACCEPTED,
  RUNTIME_DEAD_LETTER_REASONS,
  JOB,
  KAFKA,
  LATE_EVENTS,
  OP,
  q,
  TM,
  TRINO,
  WINDOW_END_TO_WRITTEN,
} from './names';
import { sourceSelector, windowSelector } from './metric-dashboard';

export interface AlertRule {
  alert: string;
  expr: string;
  /** Prometheus duration the condition must hold before the alert fires */
  for: string;
  severity: 'critical' | 'warning';
  /** labels besides severity, e.g. which job or metric a generated rule is about */
  labels?: Record<string, string>;
  summary: string;
  runbook: string;
}

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

/** How many firing periods without a row before a metric's no-rows alert fires. */
export const NO_ROWS_WINDOWS = 3;
/** Dead letters fire above this share of a job's input and this absolute rate (the simulator makes 0.2 %). */
export const DEAD_LETTER_RATIO = 0.01;
export const DEAD_LETTER_MIN_PER_SEC = 1;
export const LATE_RATIO = 0.01;
/** Rows are late when p99 of window end → written exceeds this many firing periods plus the watermark delay. */
export const ROWS_LATE_PERIODS = 3;

/** The p99 threshold of MetricRowsLate, in ms. */
export const rowsLateThresholdMs = (m: MetricModel): number =>
  ROWS_LATE_PERIODS * m.firesEveryMs + m.watermarkDelayMs;

/**
 * Dead letters per second per job: one term per reason, because rate() over a `__name__=~` selector drops the
 * names and leaves series with equal label sets, which PromQL refuses. Every reason's counter exists from the
 * start (runtime's DecodeCounters), so no term is missing.
 */
const DEAD_LETTERS_PER_SEC = `(${RUNTIME_DEAD_LETTER_REASONS.map(
  (r) => `sum by (job_name) (rate(${deadLetterCounter(r)}[1m]))`,
).join(' + ')})`;

const stackRules: AlertRule[] = [
  {
    alert: 'StackServiceDown',
    expr: 'up == 0',
    for: '1m',
    severity: 'critical',
    summary: 'Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}',
    runbook:
      '`collab-stream stack status`, then `collab-stream stack logs <service>`; `stack up` restarts what is down.',
  },
  {
    alert: 'KafkaUnderReplicatedPartitions',
    expr: `sum(${KAFKA.underReplicated}) > 0 or sum(${KAFKA.offlinePartitions}) > 0`,
    for: '5m',
    severity: 'warning',
    summary: 'Kafka has under-replicated or offline partitions',
    runbook: 'Check broker health and disk (`stack logs kafka`); a broker that left the ISR must catch up.',
  },
  {
    alert: 'TrinoQueriesFailing',
    expr: `sum(increase(${TRINO.failed}[5m])) > 5`,
    for: '5m',
    severity: 'warning',
    summary: 'More than 5 Trino queries failed in 5 minutes',
    runbook:
      'Read the failures in the Trino UI (:8088/ui/) or `stack logs trino`; S3 or the metastore is usual.',
  },
];

const jobRules: AlertRule[] = [
  {
    alert: 'FlinkJobRestarting',
    expr: `max by (job_name) (increase(${JOB}numRestarts[5m])) > 0`,
    for: '1m',
    severity: 'critical',
    summary: 'Flink job {{ $labels.job_name }} restarted in the last 5 minutes',
    runbook:
      'Flink UI → job → Exceptions for the cause; a lost TaskManager shows as a heartbeat timeout (`stack logs flink`).',
  },
  {
    alert: 'FlinkCheckpointsFailing',
    // More failed than completed: a few failures around a restart (the TaskManager lost mid-checkpoint) are
    // normal and followed by completed ones; storage that is down fails every checkpoint.
    expr: `sum by (job_name) (increase(${JOB}numberOfFailedCheckpoints[10m])) >= 2 and sum by (job_name) (increase(${JOB}numberOfFailedCheckpoints[10m])) > sum by (job_name) (increase(${JOB}numberOfCompletedCheckpoints[10m]))`,
    for: '1m',
    severity: 'critical',
    summary:
      'Flink job {{ $labels.job_name }}: more checkpoints failed than completed in the last 10 minutes',
    runbook:
      'Flink UI → job → Checkpoints → failure message; usually the checkpoint storage (S3) or a timeout under backpressure.',
  },
  {
    alert: 'FlinkCheckpointStale',
    // Whether or not the job is RUNNING: storage that is down also fails the restore, so the job restarts in a
    // loop and never runs long. A job with no checkpoint yet (timestamp -1) is stale once it has run 5 minutes.
    expr: `(time() * 1000 - max by (job_name) (${JOB}lastCheckpointCompletedTimestamp > 0)) > 300000 or (max by (job_name) (${JOB}lastCheckpointCompletedTimestamp) <= 0 and on (job_name) max by (job_name) (${JOB}runningTime) > 300000)`,
    for: '1m',
    severity: 'critical',
    summary: 'Flink job {{ $labels.job_name }} has completed no checkpoint for 5 minutes',
    runbook:
      'Checkpoints stuck in progress: look at the checkpoint storage (S3 reachable?) and at backpressure delaying barriers.',
  },
  {
    alert: 'KafkaConsumerLagGrowing',
    expr: `sum by (job_name, operator_name) (${OP}pendingRecords) > 10000 and deriv((sum by (job_name, operator_name) (${OP}pendingRecords))[10m:30s]) > 0`,
    for: '5m',
    severity: 'warning',
    summary:
      '{{ $labels.job_name }} / {{ $labels.operator_name }} is more than 10 000 records behind and falling further',
    runbook:
      'The job reads slower than producers write: check busy/backpressured time on the overview dashboard; scale parallelism or fix the slow operator.',
  },
  {
    alert: 'DeadLettersHigh',
    expr: `${DEAD_LETTERS_PER_SEC} / (${DEAD_LETTERS_PER_SEC} + sum by (job_name) (rate(${EVENTS_ACCEPTED}[1m]))) > ${DEAD_LETTER_RATIO} and ${DEAD_LETTERS_PER_SEC} > ${DEAD_LETTER_MIN_PER_SEC}`,
    for: '30s',
    severity: 'warning',
    summary: 'Job {{ $labels.job_name }}: more than 1 % of its input goes to dead letters',
    runbook:
      "The metric dashboard's dead letters by reason names the cause; read records from the dead-letter topic (header collab.dlq.reason) and fix the producer.",
  },
  {
    alert: 'TaskManagerHeapHigh',
    expr: `max by (tm_id) (${TM}JVM_Memory_Heap_Used / ${TM}JVM_Memory_Heap_Max) > 0.9`,
    for: '10m',
    severity: 'warning',
    summary: 'TaskManager {{ $labels.tm_id }} heap above 90 % for 10 minutes',
    runbook:
      'Heap state (timers, pre-aggregation buffers) or a leak: take a heap histogram, raise taskmanager memory.',
  },
];

const dur = (ms: number): string => `${Math.round(ms / 1000)}s`;

function jobExpectedRules(job: JobModel): AlertRule[] {
  return [
    {
      alert: 'FlinkJobNotRunning',
      // No series at all (job cancelled or never deployed) counts as not running.
      expr: `(max(${JOB}runningTime{job_name=${q(job.id)}}) or vector(0)) == 0`,
      for: '1m',
      severity: 'critical',
      summary: `Flink job ${job.id} is not RUNNING`,
      labels: { job_name: job.id },
      runbook: `Flink UI: is ${job.id} restarting, failed or gone? Redeploy with \`collab-stream deploy ${job.id} --from-savepoint <latest>\`.`,
    },
  ];
}

function metricRules(m: MetricModel): AlertRule[] {
  const range = dur(NO_ROWS_WINDOWS * m.firesEveryMs);
  const late = `sum(rate(${LATE_EVENTS}{job_name=${q(m.job)}, metric=${q(m.id)}}[5m]))`;
  const readsInput = `sum(rate(${OP}numRecordsOut{${sourceSelector(m)}}[${range}])) > 0`;
  const rules: AlertRule[] = [
    {
      alert: 'MetricNoRows',
      expr: `sum(increase(${OP}numRecordsOut{${windowSelector(m)}}[${range}])) == 0 and on () ${readsInput}`,
      // A new job's first rows come a window (and the sources' out-of-orderness) after it starts reading.
      for: dur(
        (m.window.kind === 'session' ? m.window.gapMs : m.window.sizeMs) + NO_ROWS_WINDOWS * m.firesEveryMs,
      ),
      severity: 'critical',
      summary: `${m.id}: no rows for ${NO_ROWS_WINDOWS} windows while its sources read events`,
      runbook: `Watermark stuck (an idle or slow source; see the watermark panel of ${m.id}'s dashboard) or every event late or dead-lettered.`,
    },
    {
      alert: 'WatermarkStalled',
      expr: `max(changes(${OP}currentInputWatermark{${windowSelector(m)}}[5m])) == 0 and on () sum(rate(${OP}numRecordsOut{${sourceSelector(m)}}[5m])) > 0`,
      for: '1m',
      severity: 'critical',
      summary: `${m.id}: the window watermark has not moved for 5 minutes while events arrive`,
      runbook:
        'A source partition without events holds the watermark until it is idle; check per-partition lag and the sources’ watermarks.',
    },
    {
      alert: 'MetricRowsLate',
      // Either sink's p99, largest over subtasks (max skips a subtask's NaN before its first row). Compared per
      // sink: \`or\` matches label sets without the metric name, so a lake and a live series could hide each other.
      expr: [WINDOW_END_TO_WRITTEN.lake, WINDOW_END_TO_WRITTEN.live]
        .map(
          (name) =>
            `max(${name}{job_name=${q(m.job)}, metric=${q(m.id)}, quantile="0.99"}) > ${rowsLateThresholdMs(m)}`,
        )
        .join(' or '),
      for: '10m',
      severity: 'warning',
      summary: `${m.id}: rows are handed to the sinks more than ${dur(rowsLateThresholdMs(m))} after their window ends (p99)`,
      runbook:
        'Backpressure (a slow sink or a busy window operator: see the overview), a TaskManager short of CPU, or the job catching up on a backlog after a restart (resolves once caught up).',
    },
    {
      alert: 'LateEventsHigh',
      expr: `${late} / sum(rate(${EVENTS_ACCEPTED}{job_name=${q(m.job)}}[5m])) > ${LATE_RATIO} and ${late} > 0.5`,
      for: '5m',
      severity: 'warning',
      summary: `${m.id}: more than 1 % of events arrive late`,
      runbook: `Producers or a partition lag behind the others: raise the source's maxOutOfOrder in ${m.jobFile} or fix the slow producer.`,
    },
  ];
  return rules.map((r) => ({ ...r, labels: { job_name: m.job, metric: m.id } }));
}

export function ruleGroups(jobs: readonly JobModel[]): RuleGroup[] {
  return [
    { name: 'collab-stack', rules: stackRules },
    { name: 'collab-flink-jobs', rules: [...jobRules, ...jobs.flatMap(jobExpectedRules)] },
    ...jobs.flatMap((job) =>
      job.metrics.map((m) => ({ name: `collab-metric-${m.id}`, rules: metricRules(m) })),
    ),
  ];
}

/** YAML with every scalar a JSON string (a valid YAML double-quoted scalar), so nothing needs YAML escaping rules. */
export function rulesYaml(groups: readonly RuleGroup[]): string {
  const s = (v: string) => JSON.stringify(v);
  const lines = [
    '# Generated by ops/src (npm run ops:gen) from ops/src/alerts.ts and generated-java/ — do not edit.',
    'groups:',
  ];
  for (const g of groups) {
    lines.push(`  - name: ${s(g.name)}`, '    rules:');
    for (const r of g.rules) {
      lines.push(
        `      - alert: ${s(r.alert)}`,
        `        expr: ${s(r.expr)}`,
        `        for: ${r.for}`,
        '        labels:',
        `          severity: ${r.severity}`,
        ...Object.entries(r.labels ?? {}).map(([k, v]) => `          ${k}: ${s(v)}`),
        '        annotations:',
        `          summary: ${s(r.summary)}`,
        `          runbook: ${s(r.runbook)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
