import type { Metric } from './metric';
import { readTopics, writtenTables, writtenTopics } from './metric';
import {
  conflictingSource,
  duplicateMetrics,
  enforce,
  enforceAll,
  lakeTables,
  missingProperty,
  nonEmpty,
  snakeCase,
  topics,
} from './rules';
import type { Source } from './source';

/** A deployable unit: one Flink job computing one or more metrics over shared sources. */
export interface Job {
  readonly kind: 'job';
  readonly id: string;
  readonly description: string;
  readonly metrics: readonly Metric[];
  /** Where events that cannot be read or validated go, with the reason in headers. */
  readonly deadLetterTopic: string;
  /** Every source any metric reads, once, in first-use order. */
  readonly sources: readonly Source[];
}

/**
 * Groups metrics into one job (one Flink job, one generated class). Adding a metric keeps the others' state,
 * since operator ids derive from metric ids.
 *
 * @example
 * export default job({
 *   id: 'meeting_metrics_30s',
 *   deadLetterTopic: 'collab_dead_letters',
 *   metrics: [meetingMetrics30s],
 * });
 */
export function job(def: {
  id: string;
  description?: string;
  metrics: readonly Metric[];
  deadLetterTopic: string;
}): Job {
  enforce(snakeCase('job id', def.id));
  if (typeof def.deadLetterTopic !== 'string') enforce(missingProperty('deadLetterTopic'));
  enforce(nonEmpty('no-metrics', def.id, def.metrics));
  enforceAll(
    duplicateMetrics(
      def.id,
      def.metrics.map((m) => ({ id: m.id, at: null })),
    ),
  );
  const sources = new Map<string, Source>();
  for (const metric of def.metrics) {
    for (const source of metric.sources) {
      const seen = sources.get(source.topic);
      if (seen && JSON.stringify(seen) !== JSON.stringify(source)) {
        enforce(conflictingSource(def.id, source.topic));
      }
      sources.set(source.topic, source);
    }
  }
  enforceAll(lakeTables(def.metrics.flatMap(writtenTables)));
  enforceAll(
    topics([
      ...def.metrics.flatMap(readTopics),
      { topic: def.deadLetterTopic, role: 'dead-letter topic', owner: `job ${def.id}`, at: null },
      ...def.metrics.flatMap(writtenTopics),
    ]),
  );
  return Object.freeze({
    kind: 'job' as const,
    id: def.id,
    description: def.description ?? '',
    metrics: Object.freeze([...def.metrics]),
    deadLetterTopic: def.deadLetterTopic,
    sources: Object.freeze([...sources.values()]),
  });
}
