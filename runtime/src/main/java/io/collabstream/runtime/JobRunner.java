package io.collabstream.runtime;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * A generated job in production: one Kafka source per topic (decoding inside the source, so that
 * watermarks are kept per partition), the job's workflow, then every sink its DSL declares, all
 * exactly once. A generated job's {@code main} is one call to {@link #run}.
 */
public final class JobRunner {
  private JobRunner() {}

  public static void run(GeneratedJob<?> job, String[] args) throws Exception {
    JobConfig config = JobConfig.fromArgs(args);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(job, config));
    env.getConfig()
        .setGlobalJobParameters(
            ParameterTool.fromMap(
                DeployedVersion.parameters(
                    job.id(), config.arguments(), job.getClass().getClassLoader())));
    define(env, job, config);
    env.execute(job.id());
  }

  /** The Flink settings every run of a generated job needs, whatever the arguments. */
  public static Configuration flinkConfiguration(GeneratedJob<?> job, JobConfig config) {
    Configuration conf = config.flinkConfiguration();
    graphOptions(conf);
    conf.set(PipelineOptions.NAME, job.id());
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(
        CheckpointingOptions.CHECKPOINTING_INTERVAL,
        Duration.ofMillis(config.checkpointIntervalMs()));
    return conf;
  }

  /**
   * What every graph of a generated job runs with, in production and in the tests and benchmarks
   * that run one: no Kryo, no generated uids, and object reuse. Without reuse Flink deep-copies
   * every record between chained operators (a third of the CPU in the 2026-12-01 profile). Reuse is
   * safe because no operator of a generated job keeps or changes an input once it has returned:
   * each builds new outputs (inputs, partials, rows, Avro records), and state is serialized on
   * write. {@code GeneratedJobChecks.assertRowsDoNotDependOnReusedInputs} holds every job to that.
   * A job can still be run with {@code --flink.pipeline.object-reuse false}.
   */
  public static void graphOptions(Configuration conf) {
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    if (!conf.contains(PipelineOptions.OBJECT_REUSE)) {
      conf.set(PipelineOptions.OBJECT_REUSE, true);
    }
  }

  /** The production graph of {@code job} in {@code env}: sources, workflow and sinks. */
  public static <E extends EventEnvelope> void define(
      StreamExecutionEnvironment env, GeneratedJob<E> job, JobConfig config) {
    JobOutputs outputs = JobWorkflow.defineMetrics(job, sources(env, job, config));
    new Sinks(config, job.id()).attach(job, outputs);
  }

  /**
   * One Kafka source per topic of the job, decoding inside the source so that its watermarks are
   * kept per partition, merged into one stream of valid events and dead letters.
   */
  public static <E extends EventEnvelope> DataStream<E> sources(
      StreamExecutionEnvironment env, GeneratedJob<E> job, JobConfig config) {
    String groupId = config.getString(JobConfig.KAFKA_GROUP_ID, "collab-" + job.id());
    JobDecoder<E> decoder =
        new JobDecoder<>(job, config.schemaRegistry(), job.validationLimits(config));
    Map<String, String> kafkaClient = config.kafkaClientProperties();
    DataStream<E> decoded = null;
    for (JobSource<E, ?> source : job.sources()) {
      TopicWatermark watermark = source.watermark();
      DataStream<E> one =
          env.fromSource(
                  KafkaConnectors.decodingSource(
                      config.kafkaBootstrap(),
                      kafkaClient,
                      source.topic(),
                      groupId,
                      config.startingOffsets(),
                      config.kafkaMaxPartitionFetchBytes(),
                      decoder,
                      job.envelopeClass()),
                  Watermarks.<E>kafkaSource(watermark.maxOutOfOrder(), watermark.idleAfter()),
                  OperatorIds.sourceName(source.topic()))
              .uid(OperatorIds.sourceUid(source.topic()));
      decoded = decoded == null ? one : decoded.union(one);
    }
    return decoded;
  }

  /** Every sink of a job, exactly once, with the uids and names of {@link OperatorIds}. */
  private record Sinks(JobConfig config, String jobId) {
    void attach(GeneratedJob<?> job, JobOutputs outputs) {
      String deadLetterTopic = config.getString(JobConfig.DLQ_TOPIC, job.deadLetterTopic());
      outputs
          .deadLetters()
          .sinkTo(
              KafkaConnectors.deadLetterSink(
                  config.kafkaBootstrap(),
                  config.kafkaClientProperties(),
                  jobId,
                  deadLetterTopic,
                  config.kafkaTransactionTimeout(),
                  config.checkpointIntervalMs()))
          .uid(OperatorIds.DEAD_LETTER_SINK_UID)
          .name(OperatorIds.deadLetterSinkName(deadLetterTopic));
      for (MetricOutput<?, ?> metric : outputs.metrics()) {
        attach(metric);
      }
    }

    private <I extends MetricInput, R extends MetricRow> void attach(MetricOutput<I, R> output) {
      MetricSpec<I, ?, R> spec = output.spec();
      String id = spec.id();
      if (spec.lateTopic() != null) {
        output
            .late()
            .sinkTo(
                exactlyOnce(
                    OperatorIds.lateSinkId(id),
                    JobSinks.lateRecordSerializer(
                        spec.lateTopic(), (I in) -> in.rawKey, (I in) -> in.rawValue)))
            .uid(OperatorIds.lateSinkUid(id))
            .name(OperatorIds.lateSinkName(id, spec.lateTopic()));
      }
      for (MetricSink sink : spec.sinks()) {
        if (sink instanceof MetricSink.LakeTable lake) {
          String avroSchema = output.metric().avroSchema();
          output
              .rows()
              .map(new RowsToAvro<R>(avroSchema, id))
              .returns(new GenericRecordAvroTypeInfo(new Schema.Parser().parse(avroSchema)))
              .uid(OperatorIds.toParquetUid(id, lake.table()))
              .name(OperatorIds.toParquetName(id, lake))
              .sinkTo(
                  JobSinks.lakeSink(
                      config.lakePath() + "/" + lake.schema() + "/" + lake.table(),
                      avroSchema,
                      lake.table()))
              .uid(OperatorIds.lakeSinkUid(id, lake.table()))
              .name(OperatorIds.lakeSinkName(id, lake));
        } else if (sink instanceof MetricSink.LiveTopic live) {
          output
              .rows()
              .sinkTo(
                  exactlyOnce(
                      OperatorIds.liveSinkId(id, live.topic()),
                      JobSinks.<R>liveRowSerializer(live.topic(), id)))
              .uid(OperatorIds.liveSinkUid(id, live.topic()))
              .name(OperatorIds.liveSinkName(id, live.topic()));
        }
      }
    }

    private <T> KafkaSink<T> exactlyOnce(
        String sinkId, KafkaRecordSerializationSchema<T> serializer) {
      return KafkaConnectors.exactlyOnceSink(
          config.kafkaBootstrap(),
          config.kafkaClientProperties(),
          sinkId,
          serializer,
          config.kafkaTransactionTimeout(),
          config.checkpointIntervalMs());
    }
  }
}
