package io.collabstream.runtime;

/**
 * The uid and name of every operator of a generated job. A uid derives from a metric id, a topic or
 * a table, never from a position, so adding or reordering metrics keeps every other operator's
 * saved state; the compiler's state manifest (codegen/src/plan.ts) lists the same uids and names,
 * and each generated job's test checks that its graph equals its manifest.
 */
public final class OperatorIds {
  private OperatorIds() {}

  public static String sourceUid(String topic) {
    return "source." + topic;
  }

  public static String sourceName(String topic) {
    return "Kafka source " + topic;
  }

  public static final String DECODE_UID = "decode";
  public static final String DECODE_NAME = "split dead letters from events";

  /** The merged raw input of {@link JobWorkflow#defineWorkflow} is decoded and timed by these. */
  public static final String TEST_DECODE_UID = "test.decode";

  public static final String TEST_WATERMARKS_UID = "test.watermarks";

  public static final String DEAD_LETTER_SINK_UID = "sink.dead_letters";

  public static String deadLetterSinkName(String topic) {
    return "dead letters → " + topic;
  }

  /** The transactional-id base of the dead-letter sink. */
  public static String deadLetterSinkId(String jobId) {
    return jobId + ".dead_letters";
  }

  public static String inputUid(String metric) {
    return "metric." + metric + ".input";
  }

  public static String inputName(String metric) {
    return metric + ": per-event functions";
  }

  public static String lateGateUid(String metric) {
    return "metric." + metric + ".late_gate";
  }

  public static String lateGateName(String metric) {
    return metric + ": late after restore";
  }

  public static String preAggregateUid(String metric) {
    return "metric." + metric + ".pre_aggregate";
  }

  public static String preAggregateName(String metric) {
    return metric + ": pre-aggregate panes";
  }

  public static String windowUid(String metric) {
    return "metric." + metric + ".window";
  }

  /**
   * Sliding or tumbling by the operator, not by size = slide (a sliding window may equal its
   * slide).
   */
  public static String windowName(MetricSpec<?, ?, ?> spec, boolean sliding) {
    String window =
        spec.cumulating()
            ? "cumulating " + spec.slideMs() + " ms steps to " + spec.sizeMs() + " ms"
            : sliding
                ? "sliding " + spec.sizeMs() + " ms every " + spec.slideMs() + " ms"
                : "tumbling " + spec.sizeMs() + " ms";
    return spec.id() + ": " + window + " by " + spec.keyColumn();
  }

  /** The session operator's name: gap and maxDuration, as the compiler's plan names it. */
  public static String sessionWindowName(MetricSpec<?, ?, ?> spec, long gapMs, long maxDurationMs) {
    return spec.id()
        + ": session gap "
        + gapMs
        + " ms"
        + (maxDurationMs > 0 ? " at most " + maxDurationMs + " ms" : "")
        + " by "
        + spec.keyColumn();
  }

  public static String lateUid(String metric) {
    return "metric." + metric + ".late";
  }

  public static String lateName(MetricSpec<?, ?, ?> spec) {
    return spec.id() + ": count late events (" + spec.latePolicy() + ")";
  }

  public static String lateSinkUid(String metric) {
    return "metric." + metric + ".sink.late";
  }

  public static String lateSinkName(String metric, String topic) {
    return metric + ": late events → " + topic;
  }

  public static String lateSinkId(String metric) {
    return metric + ".late";
  }

  public static String toParquetUid(String metric, String table) {
    return "metric." + metric + ".to_parquet." + table;
  }

  public static String toParquetName(String metric, MetricSink.LakeTable lake) {
    return metric + ": rows → Avro for " + lake.schema() + "." + lake.table();
  }

  public static String lakeSinkUid(String metric, String table) {
    return "metric." + metric + ".sink.lake." + table;
  }

  public static String lakeSinkName(String metric, MetricSink.LakeTable lake) {
    return metric + ": Parquet → " + lake.schema() + "." + lake.table();
  }

  public static String liveSinkUid(String metric, String topic) {
    return "metric." + metric + ".sink.live." + topic;
  }

  public static String liveSinkName(String metric, String topic) {
    return metric + ": JSON rows → " + topic;
  }

  public static String liveSinkId(String metric, String topic) {
    return metric + ".live." + topic;
  }
}
