package io.collabstream.runtime;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes inside the Kafka source, so that the source's per-partition watermarks see event times.
 * Bad records come out as dead-letter envelopes; nothing here throws for bad data.
 */
public final class DecodingDeserializationSchema<E extends Decoded>
    implements KafkaRecordDeserializationSchema<E> {
  private static final long serialVersionUID = 1L;
  private final RecordDecoder<E> decoder;
  private final Class<E> envelopeClass;

  public DecodingDeserializationSchema(RecordDecoder<E> decoder, Class<E> envelopeClass) {
    this.decoder = decoder;
    this.envelopeClass = envelopeClass;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    decoder.open(context.getMetricGroup());
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<E> out) {
    E envelope = decoder.decode(KafkaRawRecord.of(record));
    if (envelope != null) {
      out.collect(envelope);
    }
  }

  @Override
  public TypeInformation<E> getProducedType() {
    return TypeInformation.of(envelopeClass);
  }
}
