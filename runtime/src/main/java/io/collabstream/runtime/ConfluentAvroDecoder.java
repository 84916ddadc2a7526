package io.collabstream.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes Confluent-framed Avro (magic byte 0, 4-byte big-endian schema id, Avro binary) into the
 * compiled reader class, resolving whatever writer schema the producer used.
 *
 * <p>Every problem with the bytes becomes a {@link DecodeResult} failure; only registry outages
 * escape, as {@link SchemaRegistryException}, because they are not the record's fault. Checks run
 * in this order, and the first failing one names the reason (the TypeScript evaluator follows the
 * same order): oversized-record, not-confluent-framed, unknown-schema-id, incompatible-schema /
 * missing-field (per writer schema), malformed-avro, bad-enum (per record).
 *
 * <p>Not thread-safe (it reuses one Avro decoder); Flink gives each subtask its own instance.
 */
public final class ConfluentAvroDecoder<T extends SpecificRecord> {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_BYTES = 5;

  private final Schema readerSchema;
  private final SpecificData model;
  private final SchemaLookup lookup;
  private final int maxRecordBytes;
  private final BoundedCache<Integer, Resolution<T>> resolutions;
  private BinaryDecoder reusableDecoder;

  public ConfluentAvroDecoder(Class<T> recordClass, SchemaLookup lookup, int maxRecordBytes) {
    // The class's own model carries its logical-type conversions (timestamp-millis → Instant).
    this.model = SpecificData.getForClass(recordClass);
    this.readerSchema = model.getSchema(recordClass);
    this.lookup = lookup;
    this.maxRecordBytes = maxRecordBytes;
    this.resolutions = new BoundedCache<>(SchemaRegistrySettings.DEFAULT_MAX_CACHED_SCHEMAS);
  }

  public Schema readerSchema() {
    return readerSchema;
  }

  public DecodeResult<T> decode(byte[] value) {
    if (value == null) {
      return DecodeResult.failure(
          DeadLetterReason.NOT_CONFLUENT_FRAMED, "value is null (a tombstone), not a frame");
    }
    if (value.length > maxRecordBytes) {
      return DecodeResult.failure(
          DeadLetterReason.OVERSIZED_RECORD,
          "value is " + value.length + " bytes, maximum " + maxRecordBytes);
    }
    if (value.length < HEADER_BYTES) {
      return DecodeResult.failure(
          DeadLetterReason.NOT_CONFLUENT_FRAMED,
          "value is " + value.length + " byte(s), a Confluent frame needs at least 5");
    }
    if (value[0] != MAGIC_BYTE) {
      return DecodeResult.failure(
          DeadLetterReason.NOT_CONFLUENT_FRAMED,
          String.format("magic byte is 0x%02x, expected 0x00", value[0] & 0xff));
    }
    int schemaId =
        ((value[1] & 0xff) << 24)
            | ((value[2] & 0xff) << 16)
            | ((value[3] & 0xff) << 8)
            | (value[4] & 0xff);

    Resolution<T> resolution;
    try {
      resolution = resolve(schemaId);
    } catch (UnknownSchemaIdException e) {
      return DecodeResult.failure(DeadLetterReason.UNKNOWN_SCHEMA_ID, e.getMessage());
    }
    if (resolution.failure != null) {
      return resolution.failure.castFailure();
    }

    String malformed = AvroBinaryValidator.check(resolution.writer, value, HEADER_BYTES);
    if (malformed != null) {
      return DecodeResult.failure(DeadLetterReason.MALFORMED_AVRO, malformed);
    }
    try {
      reusableDecoder =
          DecoderFactory.get()
              .binaryDecoder(value, HEADER_BYTES, value.length - HEADER_BYTES, reusableDecoder);
      T record = resolution.reader.read(null, reusableDecoder);
      if (!reusableDecoder.isEnd()) {
        return DecodeResult.failure(
            DeadLetterReason.MALFORMED_AVRO, "trailing-bytes: decoder did not consume the value");
      }
      return DecodeResult.ok(record);
    } catch (AvroTypeException e) {
      // Schema-level checks passed, so a type error here is the record using an enum symbol that
      // the reader lacks (Avro resolves enums lazily, per symbol actually read).
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("No match for")) {
        return DecodeResult.failure(
            DeadLetterReason.BAD_ENUM,
            "writer schema id " + schemaId + ": symbol unknown to the reader: " + message);
      }
      return DecodeResult.failure(
          DeadLetterReason.INCOMPATIBLE_SCHEMA, "writer schema id " + schemaId + ": " + message);
    } catch (IOException | RuntimeException e) {
      return DecodeResult.failure(
          DeadLetterReason.MALFORMED_AVRO,
          "decoder-error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Resolution<T> resolve(int schemaId) throws UnknownSchemaIdException {
    Resolution<T> cached = resolutions.get(schemaId);
    if (cached != null) {
      return cached;
    }
    Resolution<T> resolution;
    try {
      resolution = resolve(schemaId, lookup.writerSchema(schemaId));
    } catch (UnusableSchemaException e) {
      resolution =
          Resolution.failed(
              DecodeResult.failure(DeadLetterReason.INCOMPATIBLE_SCHEMA, e.getMessage()));
    }
    resolutions.put(schemaId, resolution);
    return resolution;
  }

  private Resolution<T> resolve(int schemaId, Schema writer) {
    List<Incompatibility> incompatibilities =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer)
            .getResult()
            .getIncompatibilities();
    List<Incompatibility> missingFields = new ArrayList<>();
    for (Incompatibility i : incompatibilities) {
      SchemaIncompatibilityType type = i.getType();
      if (type == SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE) {
        missingFields.add(i);
      } else if (type != SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS) {
        // Extra writer enum symbols are not fatal here: records using known symbols still decode,
        // and the ones that use an unknown symbol become bad-enum one by one.
        return Resolution.failed(
            DecodeResult.failure(
                DeadLetterReason.INCOMPATIBLE_SCHEMA,
                "writer schema id " + schemaId + " " + writer.getFullName() + ": " + describe(i)));
      }
    }
    if (!missingFields.isEmpty()) {
      return Resolution.failed(
          DecodeResult.failure(
              DeadLetterReason.MISSING_FIELD,
              "writer schema id "
                  + schemaId
                  + " lacks reader field(s) without default: "
                  + describe(missingFields.get(0))));
    }
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(writer, readerSchema, model);
    return new Resolution<>(writer, reader, null);
  }

  private static String describe(Incompatibility i) {
    return i.getType() + " " + i.getMessage() + " (at " + i.getLocation() + ")";
  }

  /** What to do with every record of one writer schema id: decode with this reader, or fail. */
  private static final class Resolution<T> {
    final Schema writer;
    final SpecificDatumReader<T> reader;
    final DecodeResult<T> failure;

    Resolution(Schema writer, SpecificDatumReader<T> reader, DecodeResult<T> failure) {
      this.writer = writer;
      this.reader = reader;
      this.failure = failure;
    }

    static <T> Resolution<T> failed(DecodeResult<T> failure) {
      return new Resolution<>(null, null, failure);
    }
  }
}
