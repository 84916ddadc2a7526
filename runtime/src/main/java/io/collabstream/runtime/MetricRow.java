package io.collabstream.runtime;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** One output row of a generated metric (a POJO, columns in row order) and its two formats. */
public interface MetricRow {
  /** The value of the metric's key column: the live topic's record key. */
  String key();

  /** The live topic's payload: one JSON object, keys in row order, numbers as JavaScript prints. */
  String toJson();

  /**
   * The end of the row's window, epoch milliseconds (exclusive, as the column window_end): what
   * {@link WindowEndLatency} measures from.
   */
  long windowEnd();

  /** The lake row, without the partition column {@code date} (it lives in the path). */
  GenericRecord toAvro(Schema schema);
}
