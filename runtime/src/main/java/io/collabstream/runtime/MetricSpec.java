package io.collabstream.runtime;

import java.io.Serializable;
import java.util.List;

/**
 * What a generated metric declares besides its logic: identity, key, window, late policy, sinks and
 * the classes that carry its data. Operator uids and names derive from it (see {@link
 * OperatorIds}), so they match the compiler's state manifest.
 *
 * @param sizeMs the window size; a cumulating window's max
 * @param slideMs equal to {@code sizeMs} for a tumbling window; a cumulating window's step
 * @param lateTopic the side-output topic of late events; null: dropped and counted
 * @param cumulating windows {@code [start, start + k·slideMs)} within each {@code sizeMs} window
 *     (see {@link CumulatePanes})
 */
public record MetricSpec<I, A, R>(
    String id,
    String keyColumn,
    long sizeMs,
    long slideMs,
    String lateTopic,
    List<MetricSink> sinks,
    Class<I> inputClass,
    Class<A> accumulatorClass,
    Class<R> rowClass,
    boolean cumulating)
    implements Serializable {

  public static <I, A, R> MetricSpec<I, A, R> of(
      String id, String keyColumn, Class<I> input, Class<A> accumulator, Class<R> row) {
    return new MetricSpec<>(id, keyColumn, 0, 0, null, List.of(), input, accumulator, row, false);
  }

  /**
   * The key's columns in order: {@code keyColumn} itself, or the fields a composite key's {@code
   * keyColumn} lists as {@code [org_id, meeting_id]} (its value is then a {@link CompositeKey}).
   */
  public List<String> keyColumns() {
    return keyColumn.startsWith("[")
        ? List.of(keyColumn.substring(1, keyColumn.length() - 1).split(", "))
        : List.of(keyColumn);
  }

  public MetricSpec<I, A, R> tumbling(long sizeMs) {
    return window(sizeMs, sizeMs);
  }

  public MetricSpec<I, A, R> sliding(long sizeMs, long slideMs) {
    return window(sizeMs, slideMs);
  }

  /**
   * Windows a step longer each time up to {@code maxMs}; the pre-aggregated panes are the steps.
   */
  public MetricSpec<I, A, R> cumulate(long stepMs, long maxMs) {
    return new MetricSpec<>(
        id,
        keyColumn,
        maxMs,
        stepMs,
        lateTopic,
        sinks,
        inputClass,
        accumulatorClass,
        rowClass,
        true);
  }

  public MetricSpec<I, A, R> lateTo(String topic) {
    return new MetricSpec<>(
        id,
        keyColumn,
        sizeMs,
        slideMs,
        topic,
        sinks,
        inputClass,
        accumulatorClass,
        rowClass,
        cumulating);
  }

  public MetricSpec<I, A, R> sinks(MetricSink... all) {
    return new MetricSpec<>(
        id,
        keyColumn,
        sizeMs,
        slideMs,
        lateTopic,
        List.of(all),
        inputClass,
        accumulatorClass,
        rowClass,
        cumulating);
  }

  private MetricSpec<I, A, R> window(long size, long slide) {
    return new MetricSpec<>(
        id,
        keyColumn,
        size,
        slide,
        lateTopic,
        sinks,
        inputClass,
        accumulatorClass,
        rowClass,
        false);
  }

  /** The late policy as the DSL names it. */
  public String latePolicy() {
    return lateTopic == null ? "drop-and-count" : "side-output";
  }
}
