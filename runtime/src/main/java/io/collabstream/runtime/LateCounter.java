package io.collabstream.runtime;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Counts late events per metric (Flink counter {@code metric.<id>.lateEvents}) and passes them on.
 */
public final class LateCounter<T> extends RichMapFunction<T, T> {
  private static final long serialVersionUID = 1L;
  private final String metricId;
  private transient Counter late;

  public LateCounter(String metricId) {
    this.metricId = metricId;
  }

  @Override
  public void open(OpenContext openContext) {
    late = getRuntimeContext().getMetricGroup().addGroup("metric", metricId).counter("lateEvents");
  }

  @Override
  public T map(T value) {
    late.inc();
    return value;
  }
}
