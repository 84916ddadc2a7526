import type { Metric } from './metric';
import { checkSnakeCase } from './metric';
import { DslError } from './duration';
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
  checkSnakeCase('job id', def.id);
  if (def.metrics.length === 0) throw new DslError('no-metrics', `job ${def.id} has no metrics`);
  const ids = new Set<string>();
  const sources = new Map<string, Source>();
  for (const metric of def.metrics) {
    if (ids.has(metric.id))
      throw new DslError('duplicate-metric', `job ${def.id}: metric id '${metric.id}' is used twice`);
    ids.add(metric.id);
    for (const source of metric.sources) {
      const seen = sources.get(source.topic);
      if (seen && JSON.stringify(seen) !== JSON.stringify(source)) {
        throw new DslError(
          'conflicting-sources',
          `job ${def.id}: topic ${source.topic} is declared twice with different settings`,
        );
      }
      sources.set(source.topic, source);
    }
  }
  return Object.freeze({
    kind: 'job' as const,
    id: def.id,
    description: def.description ?? '',
    metrics: Object.freeze([...def.metrics]),
    deadLetterTopic: def.deadLetterTopic,
    sources: Object.freeze([...sources.values()]),
  });
}
