// Where a metric's rows go. The lake table is the record of truth (exactly-once Parquet by event-time date);
// the live topic feeds dashboards.
import { DEFAULT_LAKE_SCHEMA, enforce, snakeCase, topicName } from './rules';

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
  const schema = def.schema ?? DEFAULT_LAKE_SCHEMA;
  enforce(snakeCase('lake schema', schema) ?? snakeCase('lake table', def.table));
  return Object.freeze({ kind: 'lake-table' as const, schema, table: def.table });
}

/**
 * A live Kafka topic.
 *
 * @example
 * sinks: [liveTopic({ topic: 'meeting_metrics_live' })]
 */
export function liveTopic(def: { topic: string }): LiveTopic {
  enforce(topicName('the live topic', def.topic));
  return Object.freeze({ kind: 'live-topic' as const, topic: def.topic });
}
