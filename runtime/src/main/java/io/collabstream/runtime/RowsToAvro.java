package io.collabstream.runtime;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Histogram;

/**
 * A metric's rows as the Avro records of its lake table (the Parquet writer's input, chained to
 * it). With a metric id, it records each row's {@link WindowEndLatency} as it hands it over.
 */
public final class RowsToAvro<R extends MetricRow> extends RichMapFunction<R, GenericRecord> {
  private static final long serialVersionUID = 1L;
  private final String avroSchema;
  private final String metricId;
  private transient Schema schema;
  private transient Histogram latency;

  /** Without the latency histogram (the differential tests' lake). */
  public RowsToAvro(String avroSchema) {
    this(avroSchema, null);
  }

  public RowsToAvro(String avroSchema, String metricId) {
    this.avroSchema = avroSchema;
    this.metricId = metricId;
  }

  @Override
  public void open(OpenContext context) {
    schema = new Schema.Parser().parse(avroSchema);
    if (metricId != null) {
      latency = WindowEndLatency.register(getRuntimeContext().getMetricGroup(), metricId);
    }
  }

  @Override
  public GenericRecord map(R row) {
    if (latency != null) {
      WindowEndLatency.record(latency, row);
    }
    return row.toAvro(schema);
  }
}
