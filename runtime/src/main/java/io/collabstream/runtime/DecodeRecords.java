package io.collabstream.runtime;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/**
 * The same decoder as {@link DecodingDeserializationSchema}, over a stream of raw records: for
 * tests and benchmarks that feed one merged, ordered input instead of Kafka.
 */
public final class DecodeRecords<E extends Decoded> extends RichFlatMapFunction<KafkaRawRecord, E>
    implements ResultTypeQueryable<E> {
  private static final long serialVersionUID = 1L;
  private final RecordDecoder<E> decoder;
  private final Class<E> envelopeClass;

  public DecodeRecords(RecordDecoder<E> decoder, Class<E> envelopeClass) {
    this.decoder = decoder;
    this.envelopeClass = envelopeClass;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder.open(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void flatMap(KafkaRawRecord raw, Collector<E> out) {
    E envelope = decoder.decode(raw);
    if (envelope != null) {
      out.collect(envelope);
    }
  }

  @Override
  public TypeInformation<E> getProducedType() {
    return TypeInformation.of(envelopeClass);
  }
}
