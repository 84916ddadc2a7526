package io.collabstream.difftest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads the Parquet files a run committed back into JSON rows, and records each file's compression
 * codecs.
 */
final class ParquetReadBack {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ParquetReadBack() {}

  static void write(Path outDir, Map<String, String> tables, Path rowsFile, Path filesFile)
      throws IOException {
    List<String> rows = new ArrayList<>();
    ArrayNode files = JSON.createArrayNode();
    for (Map.Entry<String, String> table : tables.entrySet()) {
      Path tableDir = outDir.resolve("metrics").resolve(table.getValue());
      for (Path file : DifferentialHarness.finishedFiles(tableDir)) {
        ObjectNode info = files.addObject();
        info.put("path", outDir.relativize(file).toString());
        ArrayNode codecs = info.putArray("codecs");
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
          for (BlockMetaData block : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
              codecs.add(column.getCodec().name());
            }
          }
        }
        try (ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file)).build()) {
          for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
            rows.add(toJson(table.getKey(), record, partitionDate(file)));
          }
        }
      }
    }
    Files.write(rowsFile, rows, StandardCharsets.UTF_8);
    Files.writeString(filesFile, files.toString());
  }

  /**
   * The Hive partition value of a file under {@code date=YYYY-MM-DD/}, as Trino would read the
   * column.
   */
  private static String partitionDate(Path file) {
    String bucket = file.getParent().getFileName().toString();
    return bucket.startsWith("date=") ? bucket.substring("date=".length()) : null;
  }

  private static String toJson(String metric, GenericRecord record, String date) {
    ObjectNode node = JSON.createObjectNode();
    node.put("metric", metric);
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.name());
      if (value == null) {
        node.putNull(field.name());
      } else if (value instanceof Number number
          && (value instanceof Double || value instanceof Float)) {
        node.put(field.name(), number.doubleValue());
      } else if (value instanceof Number number) {
        node.put(field.name(), number.longValue());
      } else if (value instanceof Boolean bool) {
        node.put(field.name(), bool);
      } else if (value instanceof Instant instant) {
        node.put(field.name(), instant.toEpochMilli());
      } else {
        node.put(field.name(), value.toString());
      }
    }
    node.put("date", date);
    return node.toString();
  }
}
