package io.collabstream.bench;

import io.collabstream.jobs.MeetingMetrics30sJob;
import io.collabstream.jobs.MeetingTrends60sJob;
import io.collabstream.runtime.GeneratedJob;
import io.collabstream.runtime.JobConfig;
import io.collabstream.runtime.JobOutputs;
import io.collabstream.runtime.JobWorkflow;
import io.collabstream.runtime.KafkaRawRecord;
import io.collabstream.runtime.MetricOutput;
import io.collabstream.runtime.SchemaLookupFactory;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The compiler's jobs through the runtime's {@code JobWorkflow.defineWorkflow}, as the differential
 * tests run them but with production watermarks ({@code perEventWatermarks = false}). Dead letters
 * and late events are counted; rows go to the shared collector.
 */
final class GeneratedJobs {
  private GeneratedJobs() {}

  // The row classes are the jobs' own: the casts name what each job's only metric produces.
  @SuppressWarnings("unchecked")
  static DataStream<BenchRow> build(
      StreamExecutionEnvironment env,
      DataStream<KafkaRawRecord> raw,
      SchemaLookupFactory schemas,
      boolean sliding) {
    GeneratedJob<?> job = sliding ? new MeetingTrends60sJob() : new MeetingMetrics30sJob();
    MetricOutput<?, ?> metric = onlyMetric(job, raw, schemas);
    DataStream<BenchRow> rows =
        sliding
            ? ((DataStream<MeetingTrends60sJob.MeetingTrends60sRow>) metric.rows())
                .map(GeneratedJobs::row60)
            : ((DataStream<MeetingMetrics30sJob.MeetingMetrics30sRow>) metric.rows())
                .map(GeneratedJobs::row30);
    return ((org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator<BenchRow>) rows)
        .returns(BenchRow.class)
        .uid("bench.rows")
        .name("rows");
  }

  /**
   * Any generated job (a feature job of {@code bench/jobs/}, compiled by the driver and loaded by
   * name), the same way: its only metric's rows go to the shared collector as the job made them.
   */
  static void collect(
      GeneratedJob<?> job, DataStream<KafkaRawRecord> raw, SchemaLookupFactory schemas) {
    onlyMetric(job, raw, schemas)
        .rows()
        .sinkTo(new RowCollector<>())
        .uid("bench.sink")
        .name("collect rows");
  }

  /** The job's workflow with its dead letters and late events counted; its only metric's output. */
  private static MetricOutput<?, ?> onlyMetric(
      GeneratedJob<?> job, DataStream<KafkaRawRecord> raw, SchemaLookupFactory schemas) {
    JobOutputs out =
        JobWorkflow.defineWorkflow(
            job, raw, schemas, job.validationLimits(JobConfig.of(Map.of(), Map.of())), false);
    count(out.deadLetters(), true);
    MetricOutput<?, ?> metric = out.metrics().get(0);
    count(metric.late(), false);
    return metric;
  }

  /** Counts into the collector's static counters (a captured AtomicLong would be a copy). */
  private static <T> void count(DataStream<T> stream, boolean deadLetters) {
    String name = deadLetters ? "dead letters" : "late";
    stream
        .map(
            x -> {
              (deadLetters ? RowCollector.DEAD_LETTERS : RowCollector.LATE).incrementAndGet();
              return 0L;
            })
        .returns(Long.class)
        .uid("bench.count." + name)
        .name("count " + name)
        .sinkTo(new DiscardingSink<>())
        .uid("bench.discard." + name);
  }

  static BenchRow row30(MeetingMetrics30sJob.MeetingMetrics30sRow g) {
    BenchRow r = new BenchRow();
    r.meeting_id = g.meeting_id;
    r.window_start = g.window_start;
    r.window_end = g.window_end;
    r.active_users = g.active_users;
    r.participants = g.participants;
    r.joins = g.joins;
    r.leaves = g.leaves;
    r.message_count = g.message_count;
    r.reaction_count = g.reaction_count;
    r.video_starts = g.video_starts;
    r.screen_shares = g.screen_shares;
    r.avg_latency_ms = g.avg_latency_ms;
    r.p95_latency_ms = g.p95_latency_ms;
    r.avg_packet_loss_pct = g.avg_packet_loss_pct;
    r.message_rate = g.message_rate;
    r.churn_rate = g.churn_rate;
    r.engagement_score = g.engagement_score;
    r.meeting_health = g.meeting_health;
    r.date = g.date;
    return r;
  }

  static BenchRow row60(MeetingTrends60sJob.MeetingTrends60sRow g) {
    BenchRow r = new BenchRow();
    r.meeting_id = g.meeting_id;
    r.window_start = g.window_start;
    r.window_end = g.window_end;
    r.active_users = g.active_users;
    r.participants = g.participants;
    r.joins = g.joins;
    r.leaves = g.leaves;
    r.message_count = g.message_count;
    r.reaction_count = g.reaction_count;
    r.video_starts = g.video_starts;
    r.screen_shares = g.screen_shares;
    r.avg_latency_ms = g.avg_latency_ms;
    r.p95_latency_ms = g.p95_latency_ms;
    r.avg_packet_loss_pct = g.avg_packet_loss_pct;
    r.message_rate = g.message_rate;
    r.churn_rate = g.churn_rate;
    r.engagement_score = g.engagement_score;
    r.meeting_health = g.meeting_health;
    r.date = g.date;
    return r;
  }
}
