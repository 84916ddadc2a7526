package io.collabstream.runtime;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One topic a generated job reads, as its DSL source declares it: the event class, where the event
 * goes in the job's envelope, the key fields its metrics need, its watermark and its validation
 * bounds.
 *
 * @param <E> the job's envelope
 * @param <T> the topic's event class
 */
public record JobSource<E extends EventEnvelope, T extends SpecificRecord>(
    String topic,
    Class<T> eventClass,
    String eventTimeField,
    EventTime<T> eventTime,
    EnvelopeSlot<E, T> slot,
    List<String> keyFields,
    TopicWatermark watermark,
    Instant notBefore,
    Duration maxAheadOfNow)
    implements Serializable {

  /** The event time of an event. */
  @FunctionalInterface
  public interface EventTime<T> extends Serializable {
    Instant of(T event);
  }

  /** Puts a valid event into its field of the envelope. */
  @FunctionalInterface
  public interface EnvelopeSlot<E, T> extends Serializable {
    void put(E envelope, T event);
  }

  /**
   * A source with the runtime's default bounds and no key fields; the generated job sets the rest
   * with the {@code with…} methods.
   */
  public static <E extends EventEnvelope, T extends SpecificRecord> JobSource<E, T> of(
      String topic,
      Class<T> eventClass,
      String eventTimeField,
      EventTime<T> eventTime,
      EnvelopeSlot<E, T> slot) {
    return new JobSource<>(
        topic,
        eventClass,
        eventTimeField,
        eventTime,
        slot,
        List.of(),
        new TopicWatermark(topic, Duration.ZERO, Duration.ZERO),
        ValidationLimits.DEFAULT_NOT_BEFORE,
        ValidationLimits.DEFAULT_MAX_AHEAD_OF_NOW);
  }

  /** The fields every valid event must have non-null: the keys of the metrics that read it. */
  public JobSource<E, T> withKeys(String... fields) {
    return new JobSource<>(
        topic,
        eventClass,
        eventTimeField,
        eventTime,
        slot,
        List.of(fields),
        watermark,
        notBefore,
        maxAheadOfNow);
  }

  public JobSource<E, T> withWatermark(long maxOutOfOrderMs, long idleAfterMs) {
    return new JobSource<>(
        topic,
        eventClass,
        eventTimeField,
        eventTime,
        slot,
        keyFields,
        new TopicWatermark(
            topic, Duration.ofMillis(maxOutOfOrderMs), Duration.ofMillis(idleAfterMs)),
        notBefore,
        maxAheadOfNow);
  }

  /**
   * Events before {@code notBeforeMs} or further than {@code maxAheadOfNowMs} ahead are invalid.
   */
  public JobSource<E, T> withValidTimes(long notBeforeMs, long maxAheadOfNowMs) {
    return new JobSource<>(
        topic,
        eventClass,
        eventTimeField,
        eventTime,
        slot,
        keyFields,
        watermark,
        Instant.ofEpochMilli(notBeforeMs),
        Duration.ofMillis(maxAheadOfNowMs));
  }

  /**
   * This source's limits in a run: its declared time bounds unless the run overrides them ({@code
   * validation.not-before}, {@code validation.max-ahead-of-now}); field and record sizes from the
   * run.
   */
  public ValidationLimits limits(JobConfig config) {
    ValidationLimits run = config.validationLimits();
    return run.withNotBefore(
            config.has(JobConfig.VALIDATION_NOT_BEFORE) ? run.notBefore() : notBefore)
        .withMaxAheadOfNow(
            config.has(JobConfig.VALIDATION_MAX_AHEAD) ? run.maxAheadOfNow() : maxAheadOfNow);
  }
}
