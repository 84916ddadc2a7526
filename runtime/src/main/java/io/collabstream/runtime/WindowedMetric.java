package io.collabstream.runtime;

import java.io.Serializable;

/**
 * A generated metric's own logic: the event's contribution, the window accumulator and the row of a
 * fired window. {@link MetricStreams} turns it into Flink operators; a generated metric extends
 * {@link TumblingMetric} or {@link SlidingMetric}.
 *
 * @param <E> the job's envelope
 * @param <I> the metric's input (one event's contribution)
 * @param <A> the window accumulator: keyed state, so its class and fields are part of a savepoint
 * @param <R> the output row
 */
public abstract class WindowedMetric<
        E extends EventEnvelope, I extends MetricInput, A, R extends MetricRow>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final MetricSpec<I, A, R> spec;

  protected WindowedMetric(MetricSpec<I, A, R> spec) {
    this.spec = spec;
  }

  public final MetricSpec<I, A, R> spec() {
    return spec;
  }

  /** The event's contribution, or null when the metric does not read the event's topic. */
  public abstract I toInput(E envelope);

  public abstract A createAccumulator();

  public abstract void add(I input, A accumulator);

  /** Adds {@code from} into {@code into}; {@code from} is not changed. */
  public abstract void merge(A into, A from);

  /** The row of the window {@code [start, end)} of {@code key}. */
  public abstract R row(String key, long start, long end, A accumulator, PresenceLookup presence)
      throws Exception;

  /**
   * Whether the row is written (the metric's {@code having}): a row it refuses reaches no sink.
   * Asked after {@link #row}, so the state a row advances (presence) advances either way.
   */
  public boolean keep(R row) {
    return true;
  }

  /** Avro schema of the lake rows (without the partition column). */
  public abstract String avroSchema();
}
