// The benchmark's percentile metric (issue #17): exact latency percentiles per meeting in 30-second tumbling
// windows over network_lag reports, against Flink SQL's PERCENTILE(latency_ms, p) FILTER (WHERE …) in a TUMBLE
// window TVF. Both keep every value of a window until it fires (docs/SEMANTICS.md, Percentile).
// Compiled by the bench driver (bench/src/features.ts) into bench/results/tmp/, never into generated-java/.
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
import { meetingEvents, meetingSources } from '../../jobs/sources';

const lag = { where: (e: { event_type: string }) => e.event_type === 'network_lag' };

export const latencyPercentiles = metric({
  id: 'bench_latency_percentiles_30s',
  version: 1,
  description: 'Exact network latency percentiles per meeting in 30-second tumbling windows.',
  sources: meetingSources,
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({
    lag_reports: m.from(meetingEvents).count(lag),
    p50_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.5, lag),
    p95_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.95, lag),
    p99_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0.99, lag),
  }),
  sinks: [lakeTable({ table: 'bench_latency_percentiles_30s' })],
});

export default job({
  id: 'bench_percentiles',
  description: 'Benchmark: an exact percentile metric against Flink SQL.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [latencyPercentiles],
});
