package io.collabstream.runtime;

import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * A keyed process function that decides lateness against its watermark at the last checkpoint as
 * well as the current one ({@link WatermarkFloor}): the window operators of sliding, cumulating and
 * session metrics.
 *
 * @param <I> input elements
 * @param <O> rows
 */
public abstract class FlooredProcessFunction<I, O> extends KeyedProcessFunction<String, I, O>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  /** Timers and lateness after a restore are decided as before it. */
  protected final WatermarkFloor watermarkFloor;

  /**
   * @param floorStateName the floor's operator state name (part of every savepoint)
   */
  protected FlooredProcessFunction(String floorStateName) {
    this.watermarkFloor = new WatermarkFloor(floorStateName);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    watermarkFloor.initialize(
        context.getOperatorStateStore(),
        context.isRestored(),
        getRuntimeContext().getMetricGroup());
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    watermarkFloor.snapshot();
  }
}
