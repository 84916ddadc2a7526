package io.collabstream.runtime;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metric "time from window end to row written": for each row handed to a sink writer, the
 * processing time then minus the row's window end, in milliseconds. One histogram per metric and
 * sink operator, in the key-value group {@code metric=<id>} so that Prometheus gets the metric id
 * as the label {@code metric} (Flink's reporter turns user variables into labels and histograms
 * into summaries with a {@code quantile} label).
 *
 * <p>It measures the hand-over to the writer, not visibility: a live row is visible to
 * read_committed consumers when its Kafka transaction commits, a lake row when its Parquet file
 * commits; both happen at the next completed checkpoint, so add up to the checkpoint interval.
 */
public final class WindowEndLatency {
  /** The user variable's key: the Prometheus label that names the metric. */
  public static final String GROUP_KEY = "metric";

  public static final String HISTOGRAM = "windowEndToWrittenMs";

  /**
   * Rows the quantiles are computed over, per subtask: about the last 1000 windows' rows, so a slow
   * stretch shows within minutes and one outlier does not hold p99 for long.
   */
  public static final int WINDOW_SIZE = 1000;

  private WindowEndLatency() {}

  /** Registers the histogram of {@code metricId} under {@code group} (call it in open()). */
  public static Histogram register(MetricGroup group, String metricId) {
    return group
        .addGroup(GROUP_KEY, metricId)
        .histogram(HISTOGRAM, new DescriptiveStatisticsHistogram(WINDOW_SIZE));
  }

  /** Records one row handed to its writer now. */
  public static void record(Histogram histogram, MetricRow row) {
    histogram.update(System.currentTimeMillis() - row.windowEnd());
  }
}
