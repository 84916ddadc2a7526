package io.collabstream.runtime;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Copies the Kafka record into a {@link KafkaRawRecord} and nothing else. It cannot throw on bad
 * bytes because it never looks inside them; {@link DecodeAndValidate} does that downstream.
 */
public final class RawRecordDeserializationSchema
    implements KafkaRecordDeserializationSchema<KafkaRawRecord> {
  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRawRecord> out) {
    out.collect(KafkaRawRecord.of(record));
  }

  @Override
  public TypeInformation<KafkaRawRecord> getProducedType() {
    return TypeInformation.of(KafkaRawRecord.class);
  }
}
