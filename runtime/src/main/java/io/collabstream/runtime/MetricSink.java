package io.collabstream.runtime;

import java.io.Serializable;

/** Where a metric's rows go, as its DSL sinks declare. */
public sealed interface MetricSink extends Serializable {
  /** Snappy Parquet under {@code <lake>/<schema>/<table>/date=YYYY-MM-DD/}. */
  record LakeTable(String schema, String table) implements MetricSink {}

  /** Every row as JSON, keyed by the metric key, exactly once. */
  record LiveTopic(String topic) implements MetricSink {}
}
