package io.collabstream.runtime;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Counts late events per metric (Flink counter {@code metric.<id>.lateEvents}) and passes them on.
 *
 * <p>The count is checkpointed and restored, so after a failure or a redeploy from a savepoint the
 * counter continues from the checkpoint instead of from zero, and the sum over subtasks is the
 * exactly-once number of late events since the job first started: the replayed events are counted
 * once, as their first attempt's count was rolled back with the rest of the state.
 */
public final class LateCounter<T> extends RichMapFunction<T, T> implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private final String metricId;
  private transient Counter late;
  private transient ListState<Long> checkpointed;
  private transient long restored;

  public LateCounter(String metricId) {
    this.metricId = metricId;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("late-events.count", Types.LONG));
    restored = 0;
    // Split-redistributed list state: on rescale each subtask sums what it gets, the total is kept.
    for (Long count : checkpointed.get()) {
      restored += count;
    }
  }

  @Override
  public void open(OpenContext openContext) {
    late = getRuntimeContext().getMetricGroup().addGroup("metric", metricId).counter("lateEvents");
    late.inc(restored);
  }

  @Override
  public T map(T value) {
    late.inc();
    return value;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointed.update(List.of(late.getCount()));
  }
}
