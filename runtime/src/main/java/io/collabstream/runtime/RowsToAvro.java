package io.collabstream.runtime;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** A metric's rows as the Avro records of its lake table (the Parquet writer's input). */
public final class RowsToAvro<R extends MetricRow> extends RichMapFunction<R, GenericRecord> {
  private static final long serialVersionUID = 1L;
  private final String avroSchema;
  private transient Schema schema;

  public RowsToAvro(String avroSchema) {
    this.avroSchema = avroSchema;
  }

  @Override
  public void open(OpenContext context) {
    schema = new Schema.Parser().parse(avroSchema);
  }

  @Override
  public GenericRecord map(R row) {
    return row.toAvro(schema);
  }
}
