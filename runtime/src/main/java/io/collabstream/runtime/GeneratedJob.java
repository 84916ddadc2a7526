package io.collabstream.runtime;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract between the compiler and the runtime: what a generated job class declares. The
 * runtime builds the rest the same way for every job ({@link JobRunner} in production, {@link
 * JobWorkflow} in tests and benchmarks).
 *
 * @param <E> the job's envelope: one field per topic
 */
public interface GeneratedJob<E extends EventEnvelope> extends Serializable {
  /**
   * The DSL job id: the Flink job name, the consumer group and transactional ids derive from it.
   */
  String id();

  /** The dead-letter topic the DSL declares (a run may override it with {@code dlq.topic}). */
  String deadLetterTopic();

  /**
   * The job's max parallelism: the number of key groups its keyed state is split into. Part of
   * every savepoint (a changed value cannot restore), so the compiler fixes it and records it in
   * the state manifest.
   */
  int maxParallelism();

  Class<E> envelopeClass();

  E newEnvelope();

  /** The job's topics, in the DSL's order. */
  List<JobSource<E, ?>> sources();

  /** The job's metrics, in the DSL's order. */
  List<WindowedMetric<E, ?, ?, ?>> metrics();

  /** Validation limits per topic in a run, see {@link JobSource#limits}. */
  default Map<String, ValidationLimits> validationLimits(JobConfig config) {
    Map<String, ValidationLimits> limits = new HashMap<>();
    for (JobSource<E, ?> source : sources()) {
      limits.put(source.topic(), source.limits(config));
    }
    return limits;
  }

  default List<TopicWatermark> watermarks() {
    return sources().stream().map(JobSource::watermark).toList();
  }
}
