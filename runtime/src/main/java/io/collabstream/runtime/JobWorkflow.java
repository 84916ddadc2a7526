package io.collabstream.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * A generated job without its I/O: what production ({@link JobRunner}), the differential tests and
 * the benchmarks run alike.
 */
public final class JobWorkflow {
  private JobWorkflow() {}

  /**
   * The job over one merged, ordered stream of raw records (differential tests, benchmarks): the
   * same decoder as the Kafka sources of production, then {@link #defineMetrics}.
   *
   * @param limits validation limits per topic, see {@link GeneratedJob#validationLimits}
   * @param perEventWatermarks true: the reference evaluator's watermark after every event
   *     (differential tests); false: periodic watermarks, the minimum over partitions, as the Kafka
   *     sources keep them
   */
  public static <E extends EventEnvelope> JobOutputs defineWorkflow(
      GeneratedJob<E> job,
      DataStream<KafkaRawRecord> raw,
      SchemaLookupFactory schemas,
      Map<String, ValidationLimits> limits,
      boolean perEventWatermarks) {
    List<TopicWatermark> watermarks = job.watermarks();
    Map<String, Duration> bounds = TopicWatermark.bounds(watermarks);
    DataStream<E> decoded =
        raw.flatMap(
                new DecodeRecords<>(new JobDecoder<>(job, schemas, limits), job.envelopeClass()))
            .uid(OperatorIds.TEST_DECODE_UID)
            .name(
                "decode and validate "
                    + String.join(", ", watermarks.stream().map(TopicWatermark::topic).toList()))
            .assignTimestampsAndWatermarks(
                perEventWatermarks
                    ? Watermarks.perSource((E e) -> e.topic, bounds)
                    : Watermarks.perPartition(
                        (E e) -> e.topic,
                        (E e) -> e.partition,
                        bounds,
                        TopicWatermark.shortestIdleAfter(watermarks)))
            .uid(OperatorIds.TEST_WATERMARKS_UID)
            .name("watermarks");
    return defineMetrics(job, decoded);
  }

  /**
   * Dead letters split off, then each metric's operators.
   *
   * @param decoded every decoded record of the job's topics (valid events and dead letters), with
   *     event-time timestamps and watermarks
   */
  public static <E extends EventEnvelope> JobOutputs defineMetrics(
      GeneratedJob<E> job, DataStream<E> decoded) {
    if (!decoded
        .getExecutionEnvironment()
        .getConfig()
        .getSerializerConfig()
        .hasGenericTypesDisabled()) {
      throw new IllegalStateException(
          "generic types must be disabled (pipeline.generic-types: false): no Kryo in this job");
    }
    // Keyed state is split into this many key groups: fixed by the job, whatever the parallelism.
    decoded.getExecutionEnvironment().setMaxParallelism(job.maxParallelism());
    SingleOutputStreamOperator<E> events =
        decoded
            .transform(
                OperatorIds.DECODE_NAME,
                TypeInformation.of(job.envelopeClass()),
                new SplitDeadLetters<E>())
            .uid(OperatorIds.DECODE_UID);
    List<MetricOutput<?, ?>> metrics = new ArrayList<>();
    for (WindowedMetric<E, ?, ?, ?> metric : job.metrics()) {
      metrics.add(define(events, metric));
    }
    return new JobOutputs(events.getSideOutput(DecodeAndValidate.DEAD_LETTERS), metrics);
  }

  // Captures the metric's input and row types for MetricStreams.define.
  private static <E extends EventEnvelope, I extends MetricInput, R extends MetricRow>
      MetricOutput<I, R> define(DataStream<E> events, WindowedMetric<E, I, ?, R> metric) {
    return MetricStreams.define(events, metric);
  }
}
