package io.collabstream.runtime;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The watermark an operator had reached at its last checkpoint, restored as a floor.
 *
 * <p>Flink does not checkpoint watermarks: after a restore every operator starts again at {@code
 * Long.MIN_VALUE} until new watermarks arrive. A window that fired before the checkpoint is gone
 * from state, so an event arriving in that gap — one the uninterrupted run had counted as late —
 * would open the window again and produce a second row for it. Deciding lateness against {@code
 * max(floor, current watermark)} makes the restored run decide exactly as the uninterrupted one.
 *
 * <p>The floor is union list state and restores as the minimum over all subtasks: with aligned
 * checkpoints every subtask of a keyed operator has seen the same watermarks at the barrier, and
 * the minimum is the safe choice when they differ (rescaled, or an upstream operator's floor).
 */
public final class WatermarkFloor implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The gauge holding the restored floor ({@code Long.MIN_VALUE} on a fresh start). */
  public static final String METRIC = "watermarkFloor";

  private final String stateName;
  private transient ListState<Long> state;
  private long floor = Long.MIN_VALUE;
  private long seen = Long.MIN_VALUE;

  /**
   * @param stateName unique among the operator's operator states
   */
  public WatermarkFloor(String stateName) {
    this.stateName = stateName;
  }

  /**
   * Restores the floor and publishes it as the gauge {@link #METRIC} on {@code metrics}: with the
   * operator's watermark it says what lateness is decided against (the fault campaign waits on
   * both, an operator reads them after a restore).
   */
  public void initialize(OperatorStateStore store, boolean restored, MetricGroup metrics)
      throws Exception {
    metrics.gauge(METRIC, (Gauge<Long>) this::floor);
    state = store.getUnionListState(new ListStateDescriptor<>(stateName, Types.LONG));
    if (restored) {
      long min = Long.MAX_VALUE;
      boolean any = false;
      for (Long value : state.get()) {
        min = Math.min(min, value);
        any = true;
      }
      floor = any ? min : Long.MIN_VALUE;
      seen = floor;
    }
  }

  /** Records the operator's current watermark and returns the one to decide lateness against. */
  public long effective(long currentWatermark) {
    seen = Math.max(seen, currentWatermark);
    return Math.max(floor, currentWatermark);
  }

  /** The restored floor ({@code Long.MIN_VALUE} on a fresh start). */
  public long floor() {
    return floor;
  }

  public void snapshot() throws Exception {
    state.update(List.of(Math.max(floor, seen)));
  }
}
