// Where a metric's rows go. The lake table is the record of truth (exactly-once Parquet by event-time date);
// the live topic feeds dashboards.

/** Snappy Parquet files under `<lake>/<schema>/<table>/date=YYYY-MM-DD/`, queryable in Trino as `lake.<schema>.<table>`. */
export interface LakeTable {
  readonly kind: 'lake-table';
  readonly schema: string;
  readonly table: string;
}

/** A Kafka topic receiving each row as it is produced (exactly-once, JSON). */
export interface LiveTopic {
  readonly kind: 'live-topic';
  readonly topic: string;
}

export type Sink = LakeTable | LiveTopic;

/**
 * A lake table (Parquet on S3, partitioned by the UTC date of `window_start`).
 *
 * @example
 * sinks: [lakeTable({ table: 'meeting_metrics_30s' })]
 */
export function lakeTable(def: { table: string; schema?: string }): LakeTable {
  return Object.freeze({ kind: 'lake-table' as const, schema: def.schema ?? 'metrics', table: def.table });
}

/**
 * A live Kafka topic.
 *
 * @example
 * sinks: [liveTopic({ topic: 'meeting_metrics_live' })]
 */
export function liveTopic(def: { topic: string }): LiveTopic {
  return Object.freeze({ kind: 'live-topic' as const, topic: def.topic });
}
