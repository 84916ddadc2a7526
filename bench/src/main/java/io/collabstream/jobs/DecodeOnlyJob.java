package io.collabstream.jobs;

import io.collabstream.runtime.JobConfig;
import io.collabstream.runtime.JobRunner;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The limit of the pipeline benchmark (bench/src/pipeline.ts, issue #6 part 2): a generated job's
 * own Kafka sources (runtime JobRunner.sources: one per topic, decoding and validating
 * Confluent-framed Avro inside the source, per-partition watermarks) and nothing after them, so the
 * only difference from a deployed job is the windows and the sinks.
 */
public final class DecodeOnlyJob {
  public static final String JOB_NAME = "bench_decode_only";

  private DecodeOnlyJob() {}

  public static void main(String[] args) throws Exception {
    JobConfig given = JobConfig.fromArgs(args);
    // Its own consumer group unless told otherwise, so that it never shares offsets with a job.
    JobConfig config =
        given.has(JobConfig.KAFKA_GROUP_ID)
            ? given
            : JobConfig.fromArgs(
                Stream.concat(
                        Stream.of(args),
                        Stream.of("--" + JobConfig.KAFKA_GROUP_ID, "collab-" + JOB_NAME))
                    .toArray(String[]::new));
    MeetingMetrics30sJob job = new MeetingMetrics30sJob();
    Configuration conf = JobRunner.flinkConfiguration(job, config);
    conf.set(PipelineOptions.NAME, JOB_NAME);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    JobRunner.sources(env, job, config)
        .sinkTo(new DiscardingSink<>())
        .uid("sink.discard")
        .name("discard");
    env.execute(JOB_NAME);
  }
}
