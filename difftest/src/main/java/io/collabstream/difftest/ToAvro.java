package io.collabstream.difftest;

import java.lang.reflect.Method;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Calls a generated row's own {@code toAvro(Schema)}, so the harness writes exactly what the job
 * writes.
 */
final class ToAvro extends RichMapFunction<Object, GenericRecord> {
  private static final long serialVersionUID = 1L;
  private final String rowClass;
  private final String avroSchema;
  private transient Method toAvro;
  private transient Schema schema;

  ToAvro(String rowClass, String avroSchema) {
    this.rowClass = rowClass;
    this.avroSchema = avroSchema;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    schema = new Schema.Parser().parse(avroSchema);
    toAvro = Class.forName(rowClass).getMethod("toAvro", Schema.class);
  }

  @Override
  public GenericRecord map(Object row) throws Exception {
    return (GenericRecord) toAvro.invoke(row, schema);
  }
}
