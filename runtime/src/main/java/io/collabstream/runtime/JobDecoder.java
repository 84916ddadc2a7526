package io.collabstream.runtime;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.metrics.MetricGroup;

/**
 * Decodes and validates every topic of a generated job from its {@link JobSource}s: inside the
 * Kafka sources in production, in a flatMap over recorded input in tests and benchmarks.
 */
public final class JobDecoder<E extends EventEnvelope> implements RecordDecoder<E> {
  private static final long serialVersionUID = 1L;
  private final GeneratedJob<E> job;
  private final SchemaLookupFactory schemas;
  private final Map<String, ValidationLimits> limits;
  private transient Map<String, TopicDecoding<E, ?>> topics;
  private transient DecodeCounters counters;

  /**
   * @param limits validation limits per topic, see {@link GeneratedJob#validationLimits}
   */
  public JobDecoder(
      GeneratedJob<E> job, SchemaLookupFactory schemas, Map<String, ValidationLimits> limits) {
    this.job = job;
    this.schemas = schemas;
    this.limits = new HashMap<>(limits);
  }

  @Override
  public void open(MetricGroup metrics) {
    SchemaLookup lookup = schemas.create();
    topics = new HashMap<>();
    for (JobSource<E, ?> source : job.sources()) {
      topics.put(source.topic(), TopicDecoding.of(source, lookup, limits.get(source.topic())));
    }
    counters = new DecodeCounters(metrics);
  }

  @Override
  public E decode(KafkaRawRecord raw) {
    TopicDecoding<E, ?> topic = topics.get(raw.topic);
    if (topic == null) {
      return null;
    }
    E envelope = job.newEnvelope();
    envelope.topic = raw.topic;
    envelope.partition = raw.partition;
    envelope.rawKey = raw.key;
    envelope.rawValue = raw.value;
    DecodeResult<?> failure = topic.decodeInto(envelope, raw.value);
    if (failure == null) {
      counters.accepted();
    } else {
      counters.deadLettered(failure.reason());
      envelope.deadLetter = DeadLetter.of(raw, failure.reason(), failure.detail());
    }
    return envelope;
  }

  /** One topic's decoder and validator, typed by its event class. */
  private static final class TopicDecoding<E extends EventEnvelope, T extends SpecificRecord> {
    private final JobSource<E, T> source;
    private final ConfluentAvroDecoder<T> decoder;
    private final EventValidator<T> validator;

    private TopicDecoding(
        JobSource<E, T> source, ConfluentAvroDecoder<T> decoder, EventValidator<T> validator) {
      this.source = source;
      this.decoder = decoder;
      this.validator = validator;
    }

    static <E extends EventEnvelope, T extends SpecificRecord> TopicDecoding<E, T> of(
        JobSource<E, T> source, SchemaLookup lookup, ValidationLimits limits) {
      return new TopicDecoding<>(
          source,
          new ConfluentAvroDecoder<>(source.eventClass(), lookup, limits.maxRecordBytes()),
          EventValidator.forClass(
              source.eventClass(),
              List.copyOf(source.keyFields()),
              source.eventTimeField(),
              limits,
              Clock.systemUTC()));
    }

    /** Null when the event is valid and now in the envelope; else the failed result. */
    DecodeResult<T> decodeInto(E envelope, byte[] value) {
      DecodeResult<T> result = decoder.decode(value);
      if (result.isOk()) {
        result = validator.validate(result.value());
      }
      if (!result.isOk()) {
        return result;
      }
      source.slot().put(envelope, result.value());
      envelope.timestamp = source.eventTime().of(result.value()).toEpochMilli();
      return null;
    }
  }
}
