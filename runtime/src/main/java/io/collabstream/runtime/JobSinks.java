package io.collabstream.runtime;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The sinks every generated job writes through: the lake table, the live topic, the late side
 * output.
 */
public final class JobSinks {
  private JobSinks() {}

  /**
   * Snappy Parquet files under {@code <path>/date=YYYY-MM-DD/}, bucketed by the event time of
   * window_start, exactly once, with the commit ledger of {@link LakeCommitLedger} under {@code
   * <path>/_commit_ledger/}.
   */
  public static LakeSink<GenericRecord> lakeSink(String path, String avroSchema, String table) {
    ParquetWriterFactory<GenericRecord> writers =
        new ParquetWriterFactory<>(
            out ->
                AvroParquetWriter.<GenericRecord>builder(out)
                    .withSchema(new Schema.Parser().parse(avroSchema))
                    .withDataModel(GenericData.get())
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .build());
    FileSink<GenericRecord> files =
        FileSink.forBulkFormat(new Path(path), writers)
            .withBucketAssigner(
                new EventTimeDateBucketAssigner<GenericRecord>(
                    record -> (Long) record.get("window_start")))
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .withOutputFileConfig(
                OutputFileConfig.builder().withPartPrefix(table).withPartSuffix(".parquet").build())
            .build();
    return new LakeSink<>(files, path);
  }

  /**
   * A metric's rows as JSON on its live topic, keyed by the metric key, recording each row's {@link
   * WindowEndLatency} as the Kafka writer serializes it. The writer opens the serializer with its
   * metric group's {@code user} subgroup (Flink's SinkWriterOperator), so the Prometheus name has
   * {@code _user_}. A class rather than KafkaRecordSerializationSchema.builder(): the builder
   * infers the SerializationSchema's type for lineage, which fails on a lambda when the job starts.
   */
  public static <R extends MetricRow> KafkaRecordSerializationSchema<R> liveRowSerializer(
      String topic, String metricId) {
    return new LiveRowSerializer<>(topic, metricId);
  }

  static final class LiveRowSerializer<R extends MetricRow>
      implements KafkaRecordSerializationSchema<R> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final String metricId;
    private transient Histogram latency;

    LiveRowSerializer(String topic, String metricId) {
      this.topic = topic;
      this.metricId = metricId;
    }

    @Override
    public void open(
        SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
      // ExactlyOnceKafkaWriter opens its serializer a second time after KafkaWriter's constructor
      // did; registering again collides with the first histogram, and Flink then returns one no
      // reporter sees, so the exported histogram would never get a sample.
      if (latency == null) {
        latency = WindowEndLatency.register(context.getMetricGroup(), metricId);
      }
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        R row, KafkaSinkContext context, Long timestamp) {
      // Flink opens a sink's serializer before the first row; without open() there is nothing to
      // record into.
      if (latency != null) {
        WindowEndLatency.record(latency, row);
      }
      return new ProducerRecord<>(
          topic,
          row.key().getBytes(StandardCharsets.UTF_8),
          row.toJson().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Late events go to the side-output topic unchanged: the original Kafka key and value bytes. */
  public static <I> KafkaRecordSerializationSchema<I> lateRecordSerializer(
      String topic, BytesOf<I> key, BytesOf<I> value) {
    return (element, context, timestamp) ->
        new ProducerRecord<>(topic, key.bytesOf(element), value.bytesOf(element));
  }

  /** A record's Kafka key or value bytes. */
  @FunctionalInterface
  public interface BytesOf<R> extends Serializable {
    byte[] bytesOf(R element);
  }
}
