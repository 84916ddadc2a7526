// The one small metric every golden case varies (`metric({ ...base, window: … })`): a case overrides only the part
// its rule or feature is about, so that it shows that part and nothing else.
import type { Aggregations, EventOf } from '../../dsl';
import { dropAndCount, lakeTable, tumbling } from '../../dsl';
import { userEvents } from '../../jobs/sources';

/** Joins per meeting every 30 seconds, into the lake table metrics.joins_30s. */
export const base = {
  id: 'joins_30s',
  version: 1,
  sources: [userEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m: Aggregations<EventOf<typeof userEvents>, typeof userEvents>) => ({
    joins: m.count({ where: (e) => e.event_type === 'join' }),
  }),
  sinks: [lakeTable({ table: 'joins_30s' })],
} as const;

/** The job's own properties: `job({ ...baseJob, metrics: [metric(base)] })`. */
export const baseJob = { id: 'joins', deadLetterTopic: 'collab_dead_letters' } as const;
