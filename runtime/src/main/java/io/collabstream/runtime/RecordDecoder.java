package io.collabstream.runtime;

import java.io.Serializable;
import org.apache.flink.metrics.MetricGroup;

/**
 * Decodes and validates the records of a job's topics. Generated per job (it knows the job's event
 * classes); runs inside the Kafka source in production and in a flatMap in tests.
 *
 * @param <E> the job's envelope
 */
public interface RecordDecoder<E extends Decoded> extends Serializable {
  /** Called once per parallel instance before the first record: schema lookups, counters. */
  void open(MetricGroup metrics);

  /**
   * The envelope of a record; null for a topic the job does not read. Never throws for bad data.
   */
  E decode(KafkaRawRecord raw);
}
