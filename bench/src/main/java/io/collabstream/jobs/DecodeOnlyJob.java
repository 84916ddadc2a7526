package io.collabstream.jobs;

import io.collabstream.runtime.JobConfig;
import io.collabstream.runtime.KafkaConnectors;
import io.collabstream.runtime.TopicWatermark;
import io.collabstream.runtime.Watermarks;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The limit of the pipeline benchmark (bench/src/pipeline.ts, issue #6 part 2): the generated jobs'
 * own Kafka sources — one per topic, decoding and validating Confluent-framed Avro inside the
 * source, per-partition watermarks — and nothing after them. It lives in the generated jobs'
 * package to use their decoder exactly as {@code main} does, so the only difference from a deployed
 * job is the windows and the sinks.
 */
public final class DecodeOnlyJob {
  public static final String JOB_NAME = "bench_decode_only";

  private DecodeOnlyJob() {}

  public static void main(String[] args) throws Exception {
    JobConfig config = JobConfig.fromArgs(args);
    Configuration conf = MeetingMetrics30sJob.flinkConfiguration(config);
    conf.set(PipelineOptions.NAME, JOB_NAME);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    String groupId = config.getString(JobConfig.KAFKA_GROUP_ID, "collab-" + JOB_NAME);
    MeetingMetrics30sJob.Decoder decoder =
        new MeetingMetrics30sJob.Decoder(
            config.schemaRegistry(), MeetingMetrics30sJob.validationLimits(config));
    DataStream<MeetingMetrics30sJob.Envelope> decoded = null;
    for (TopicWatermark source : MeetingMetrics30sJob.WATERMARKS) {
      DataStream<MeetingMetrics30sJob.Envelope> one =
          env.fromSource(
                  KafkaConnectors.decodingSource(
                      config.kafkaBootstrap(),
                      source.topic(),
                      groupId,
                      config.kafkaMaxPartitionFetchBytes(),
                      decoder,
                      MeetingMetrics30sJob.Envelope.class),
                  Watermarks.<MeetingMetrics30sJob.Envelope>kafkaSource(
                      source.maxOutOfOrder(), source.idleAfter()),
                  "Kafka source " + source.topic())
              .uid("source." + source.topic());
      decoded = decoded == null ? one : decoded.union(one);
    }
    decoded.sinkTo(new DiscardingSink<>()).uid("sink.discard").name("discard");
    env.execute(JOB_NAME);
  }
}
