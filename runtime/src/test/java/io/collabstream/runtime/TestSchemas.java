package io.collabstream.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Real schemas from ../schemas and real Avro bytes built with the Avro Java API. */
final class TestSchemas {
  static final Path SCHEMAS = Path.of("..", "schemas");

  private TestSchemas() {}

  static Schema load(String file) {
    try {
      return new Schema.Parser().parse(Files.readString(SCHEMAS.resolve("avro").resolve(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Schema parse(String json) {
    return new Schema.Parser().parse(json.replace('\'', '"'));
  }

  /** Magic byte 0, big-endian id, then the Avro body. */
  static byte[] frame(int schemaId, byte[] avro) {
    return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(schemaId).put(avro).array();
  }

  static byte[] encode(GenericRecord record) {
    return raw(
        e -> {
          try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, e);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        });
  }

  /** Hand-written Avro, for bytes the Avro writer refuses to produce. */
  static byte[] raw(Consumer<BinaryEncoder> body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    body.accept(encoder);
    return out.toByteArray();
  }

  static GenericRecord userEvent(Schema schema, String type, String meetingId, long ts) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("event_id", "e-1");
    r.put("event_type", new GenericData.EnumSymbol(schema.getField("event_type").schema(), type));
    r.put("meeting_id", meetingId);
    r.put("user_id", "u-1");
    r.put("org_id", "o-1");
    r.put("timestamp", ts);
    if (schema.getField("client_platform") != null) {
      r.put("client_platform", "web");
    }
    return r;
  }
}
