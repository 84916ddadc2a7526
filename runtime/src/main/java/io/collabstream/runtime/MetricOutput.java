package io.collabstream.runtime;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What one metric of a job produces: its rows and its late events (already counted), to be sent to
 * the metric's sinks by {@link JobRunner}, or collected by tests.
 */
public record MetricOutput<I extends MetricInput, R extends MetricRow>(
    WindowedMetric<?, I, ?, R> metric, DataStream<R> rows, DataStream<I> late) {

  public MetricSpec<I, ?, R> spec() {
    return metric.spec();
  }
}
