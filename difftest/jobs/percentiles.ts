// The differential tests' job with exact and approximate percentiles, tumbling and sliding (where panes merge value
// lists, and sketches by their bucket counts): the same sorted order and interpolation, and the same sketch buckets,
// on Flink as in the evaluator (docs/SEMANTICS.md, percentile and approximate percentile sketch), bit for bit.
import { dropAndCount, job, lakeTable, metric, sliding, tumbling } from '../../dsl';
import { meetingEvents, meetingSources } from '../../jobs/sources';

export const latencyPercentiles30s = metric({
  id: 'latency_percentiles_30s',
  version: 1,
  description: 'Latency and packet-loss percentiles per meeting in 30-second windows.',
  sources: meetingSources,
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({
    p50_latency_ms: m
      .from(meetingEvents)
      .percentile((e) => e.latency_ms, 0.5, { where: (e) => e.event_type === 'network_lag' }),
    p95_latency_ms: m
      .from(meetingEvents)
      .percentile((e) => e.latency_ms, 0.95, { where: (e) => e.event_type === 'network_lag' }),
    p99_packet_loss_pct: m.from(meetingEvents).percentile((e) => e.packet_loss_pct, 0.99),
    min_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 0),
    approx_p50_latency_ms: m.from(meetingEvents).approxPercentile((e) => e.latency_ms, 0.5),
    approx_p95_latency_ms: m.from(meetingEvents).approxPercentile((e) => e.latency_ms, 0.95, {
      relativeError: 0.02,
      where: (e) => e.event_type === 'network_lag',
    }),
    approx_p99_latency_ms: m
      .from(meetingEvents)
      .approxPercentile((e) => e.latency_ms, 0.99, { relativeError: 0.001 }),
  }),
  derived: {
    latency_spread_ms: (m) => (m.p95_latency_ms ?? 0) - (m.p50_latency_ms ?? 0),
  },
  sinks: [lakeTable({ table: 'latency_percentiles_30s' })],
});

export const latencyTrends60s = metric({
  id: 'latency_trends_60s',
  version: 1,
  description: 'Latency percentiles per meeting over 60-second windows sliding every 15 seconds.',
  sources: meetingSources,
  key: 'meeting_id',
  window: sliding({ size: '60s', slide: '15s' }),
  late: dropAndCount(),
  measures: (m) => ({
    p90_latency_ms: m
      .from(meetingEvents)
      .percentile((e) => e.latency_ms, 0.9, { where: (e) => e.event_type === 'network_lag' }),
    max_latency_ms: m.from(meetingEvents).percentile((e) => e.latency_ms, 1),
    approx_p90_latency_ms: m
      .from(meetingEvents)
      .approxPercentile((e) => e.latency_ms, 0.9, { where: (e) => e.event_type === 'network_lag' }),
    approx_p99_latency_ms: m
      .from(meetingEvents)
      .approxPercentile((e) => e.latency_ms, 0.99, { relativeError: 0.05 }),
    // Fine enough that the burst of the long-tailed case needs more than the 2048 buckets kept once a window merges its
    // panes: the lowest fold, alike on both sides (the minimum then answers from the lowest bucket kept).
    approx_min_latency_ms: m
      .from(meetingEvents)
      .approxPercentile((e) => e.latency_ms, 0, { relativeError: 0.001 }),
  }),
  sinks: [lakeTable({ table: 'latency_trends_60s' })],
});

export default job({
  id: 'percentiles',
  description: 'Exact and approximate percentiles in tumbling and sliding windows.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [latencyPercentiles30s, latencyTrends60s],
});
