package io.collabstream.runtime;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Raw Kafka records in, valid events out; everything else to the {@link #DEAD_LETTERS} side output
 * with its reason, counted per reason in {@code deadLetters_<reason>} (underscores for '-').
 *
 * <p>A registry outage is rethrown, failing the task: Flink's restart strategy retries, and no good
 * record is dead-lettered because of infrastructure.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<UserEvent> events = raw.process(
 *     new DecodeAndValidate<>(UserEvent.class, registry, validator)).uid("decode-user_events");
 * events.getSideOutput(DecodeAndValidate.DEAD_LETTERS).sinkTo(deadLetterSink);
 * }</pre>
 */
public final class DecodeAndValidate<T extends SpecificRecord>
    extends ProcessFunction<KafkaRawRecord, T> implements ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final Class<T> recordClass;
  private final SchemaLookupFactory schemas;
  private final EventValidator<T> validator;

  private transient ConfluentAvroDecoder<T> decoder;
  private transient DecodeCounters counters;

  public DecodeAndValidate(
      Class<T> recordClass, SchemaLookupFactory schemas, EventValidator<T> validator) {
    this.recordClass = recordClass;
    this.schemas = schemas;
    this.validator = validator;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder =
        new ConfluentAvroDecoder<>(
            recordClass, schemas.create(), validator.limits().maxRecordBytes());
    counters = new DecodeCounters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(KafkaRawRecord raw, Context ctx, Collector<T> out) {
    DecodeResult<T> result = decoder.decode(raw.value);
    if (result.isOk()) {
      result = validator.validate(result.value());
    }
    if (result.isOk()) {
      counters.accepted();
      out.collect(result.value());
    } else {
      counters.deadLettered(result.reason());
      ctx.output(DEAD_LETTERS, DeadLetter.of(raw, result.reason(), result.detail()));
    }
  }

  @Override
  public TypeInformation<T> getProducedType() {
    // With flink-avro on the classpath this is an AvroTypeInfo, never a Kryo GenericTypeInfo.
    return TypeInformation.of(recordClass);
  }
}
