// The Prometheus names of what the local stack scrapes, in one place. Flink's reporter (infra/flink-reporter reuses
// Flink's AbstractPrometheusReporter) names a metric `flink_<scope>_<name>` and turns scope variables into labels
// (job_name, operator_name, task_name, subtask_index, tm_id, ...); user groups added as key/value pairs become a
// label too (`metric` below). Names and label values have every character outside [a-zA-Z0-9:_] replaced by `_`.

/** Per-operator metrics on the TaskManager. */
export const OP = 'flink_taskmanager_job_task_operator_';
/** Per-task (chain) metrics on the TaskManager: busy, backpressure. */
export const TASK = 'flink_taskmanager_job_task_';
/** Per-job metrics on the JobManager: restarts, checkpoints, state times. */
export const JOB = 'flink_jobmanager_job_';
/** TaskManager process metrics. */
export const TM = 'flink_taskmanager_Status_';

/** Our decoder's counters sit in the Kafka source's `deserializer` group (runtime's DecodingDeserializationSchema). */
export const DECODER = `${OP}deserializer_`;
export const DEAD_LETTER_PREFIX = `${DECODER}deadLetters_`;
export const EVENTS_ACCEPTED = `${DECODER}eventsAccepted`;
/** runtime's LateCounter: group ("metric", <id>) → label metric="<id>". */
export const LATE_EVENTS = `${OP}metric_lateEvents`;

/**
 * runtime's WindowEndLatency: a histogram (exported as a summary, label `quantile`) of now − window end for each
 * row handed to a sink writer, group ("metric", <id>). The lake's is registered by the Parquet writer's input map
 * (the operator's group); the live topic's by its Kafka serializer, which Flink's SinkWriterOperator opens with
 * the writer's `user` subgroup: hence two names.
 */
export const WINDOW_END_TO_WRITTEN = {
  lake: `${OP}metric_windowEndToWrittenMs`,
  live: `${OP}user_metric_windowEndToWrittenMs`,
} as const;

/**
 * The dead-letter reason codes the runtime counts (runtime's DeadLetterReason.java; the unit test reads that file
 * and fails when they differ). The evaluator knows one more, wrong-type, which the JVM side never emits.
 */
export const RUNTIME_DEAD_LETTER_REASONS = [
  'not-confluent-framed',
  'unknown-schema-id',
  'malformed-avro',
  'incompatible-schema',
  'missing-field',
  'bad-enum',
  'null-key',
  'timestamp-out-of-bounds',
  'oversized-record',
  'oversized-field',
] as const;

export const deadLetterCounter = (reason: string): string =>
  `${DEAD_LETTER_PREFIX}${reason.replace(/-/g, '_')}`;

/** Flink shortens operator names in metric scopes to this many characters (TaskMetricGroup). */
const OPERATOR_NAME_MAX = 80;

/** A Flink name as it appears in a Prometheus label value. */
export const flinkLabel = (name: string): string =>
  [...name]
    .slice(0, OPERATOR_NAME_MAX)
    .join('')
    .replace(/[^a-zA-Z0-9:_]/gu, '_');

/** PromQL string literal (double-quoted; escapes backslash and quote). */
export const q = (value: string): string => JSON.stringify(value);

/** Kafka JMX exporter names (infra/src/services/kafka.ts, lowercased). */
export const KAFKA = {
  messagesIn: 'kafka_server_brokertopicmetrics_messagesinpersec_count',
  bytesIn: 'kafka_server_brokertopicmetrics_bytesinpersec_count',
  bytesOut: 'kafka_server_brokertopicmetrics_bytesoutpersec_count',
  underReplicated: 'kafka_server_replicamanager_underreplicatedpartitions',
  offlinePartitions: 'kafka_controller_kafkacontroller_offlinepartitionscount',
  logEndOffset: 'kafka_log_logendoffset',
} as const;

/** Trino's /metrics (OpenMetrics of its JMX beans). */
export const TRINO = {
  running: 'trino_execution_name_QueryManager_RunningQueries',
  queued: 'trino_execution_name_QueryManager_QueuedQueries',
  failed: 'trino_execution_name_QueryManager_FailedQueries',
} as const;
