package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.util.RuntimeUDFContext;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Both sinks record now − windowEnd of each row they hand to their writer, per metric. */
class WindowEndLatencyTest {
  private static final Schema SCHEMA =
      SchemaBuilder.record("R").fields().requiredString("k").requiredLong("window_end").endRecord();

  /** A row of one window end; the rest is what a generated row would carry. */
  static final class Row implements MetricRow {
    final long end;

    Row(long end) {
      this.end = end;
    }

    @Override
    public String key() {
      return "m-1";
    }

    @Override
    public String toJson() {
      return "{\"k\":\"m-1\",\"window_end\":" + end + "}";
    }

    @Override
    public long windowEnd() {
      return end;
    }

    @Override
    public GenericRecord toAvro(Schema schema) {
      GenericRecord record = new GenericData.Record(schema);
      record.put("k", "m-1");
      record.put("window_end", end);
      return record;
    }
  }

  /** Remembers every histogram registered under it, by the path of groups it was registered in. */
  static final class CapturingGroup extends UnregisteredMetricsGroup
      implements OperatorMetricGroup {
    final String path;
    final Map<String, Histogram> histograms;

    CapturingGroup() {
      this("", new HashMap<>());
    }

    private CapturingGroup(String path, Map<String, Histogram> histograms) {
      this.path = path;
      this.histograms = histograms;
    }

    @Override
    public MetricGroup addGroup(String name) {
      return new CapturingGroup(path + name + ".", histograms);
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
      return new CapturingGroup(path + key + "=" + value + ".", histograms);
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
      // Like Flink's groups: on a name collision the first metric stays registered and the new
      // one is returned unregistered.
      histograms.putIfAbsent(path + name, histogram);
      return histogram;
    }

    @Override
    public OperatorIOMetricGroup getIOMetricGroup() {
      return UnregisteredMetricsGroup.createOperatorIOMetricGroup();
    }
  }

  private static void assertRecorded(Histogram histogram, long agoMs, long before, long after) {
    assertThat(histogram).isInstanceOf(DescriptiveStatisticsHistogram.class);
    assertThat(histogram.getCount()).isEqualTo(1);
    // now − windowEnd, with now read between `before` and `after`.
    long value = histogram.getStatistics().getMax();
    assertThat(value).isBetween(agoMs, agoMs + (after - before));
  }

  @Test
  void theLiveSerializerRecordsTheRowsAgeAndWritesTheSameBytes() throws Exception {
    CapturingGroup group = new CapturingGroup();
    KafkaRecordSerializationSchema<Row> serializer =
        JobSinks.liveRowSerializer("meeting_metrics_live", "meeting_metrics_30s");
    SerializationSchema.InitializationContext context =
        new SerializationSchema.InitializationContext() {
          @Override
          public MetricGroup getMetricGroup() {
            return group;
          }

          @Override
          public org.apache.flink.util.UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
          }
        };
    // ExactlyOnceKafkaWriter opens the serializer twice: once in KafkaWriter's constructor, once
    // in its own.
    serializer.open(context, null);
    serializer.open(context, null);
    long before = System.currentTimeMillis();
    Row row = new Row(before - 7_000);
    ProducerRecord<byte[], byte[]> record = serializer.serialize(row, null, null);
    long after = System.currentTimeMillis();

    assertThat(group.histograms)
        .containsOnlyKeys("metric=meeting_metrics_30s.windowEndToWrittenMs");
    assertRecorded(
        group.histograms.get("metric=meeting_metrics_30s.windowEndToWrittenMs"),
        7_000,
        before,
        after);
    assertThat(record.topic()).isEqualTo("meeting_metrics_live");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("m-1");
    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(row.toJson());
  }

  @Test
  void theLakeMapRecordsTheRowsAgeInItsOperatorGroup() throws Exception {
    CapturingGroup group = new CapturingGroup();
    RowsToAvro<Row> toAvro = new RowsToAvro<>(SCHEMA.toString(), "meeting_trends_60s");
    toAvro.setRuntimeContext(
        new RuntimeUDFContext(
            new TaskInfoImpl("to-parquet", 1, 0, 1, 0),
            getClass().getClassLoader(),
            new ExecutionConfig(),
            new HashMap<>(),
            new HashMap<>(),
            group));
    toAvro.open(DefaultOpenContext.INSTANCE);
    long before = System.currentTimeMillis();
    GenericRecord record = toAvro.map(new Row(before - 61_000));
    long after = System.currentTimeMillis();

    assertThat(group.histograms).containsOnlyKeys("metric=meeting_trends_60s.windowEndToWrittenMs");
    assertRecorded(
        group.histograms.get("metric=meeting_trends_60s.windowEndToWrittenMs"),
        61_000,
        before,
        after);
    assertThat(record.get("window_end")).isEqualTo(before - 61_000);
  }

  @Test
  void withoutAMetricIdTheLakeMapRecordsNothing() throws Exception {
    CapturingGroup group = new CapturingGroup();
    RowsToAvro<Row> toAvro = new RowsToAvro<>(SCHEMA.toString());
    toAvro.setRuntimeContext(
        new RuntimeUDFContext(
            new TaskInfoImpl("to-parquet", 1, 0, 1, 0),
            getClass().getClassLoader(),
            new ExecutionConfig(),
            new HashMap<>(),
            new HashMap<>(),
            group));
    toAvro.open(DefaultOpenContext.INSTANCE);
    toAvro.map(new Row(System.currentTimeMillis()));
    assertThat(group.histograms).isEmpty();
  }
}
