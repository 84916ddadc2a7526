package collab.smoke;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Stack smoke job: an unbounded, rate-limited generator keyed into 8 keys, each keeping a running count in keyed
 * state (so checkpoints carry real RocksDB state). Checkpoint interval in ms is the first argument (default 2000).
 */
public final class SmokeJob {
  public static void main(String[] args) throws Exception {
    long intervalMs = args.length > 0 ? Long.parseLong(args[0]) : 2000L;
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(intervalMs);

    DataGeneratorSource<Long> source =
        new DataGeneratorSource<>(n -> n, Long.MAX_VALUE, RateLimiterStrategy.perSecond(50), Types.LONG);

    env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
        .uid("smoke-numbers")
        .keyBy(n -> n % 8)
        .process(new RunningCount())
        .uid("smoke-running-count")
        .name("running count")
        .sinkTo(new DiscardingSink<>())
        .uid("smoke-discard");

    env.execute("collab-stack-smoke");
  }

  /** Counts elements per key in a ValueState and emits the running count. */
  static final class RunningCount extends KeyedProcessFunction<Long, Long, Long> {
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext openContext) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
      long next = (count.value() == null ? 0L : count.value()) + 1;
      count.update(next);
      out.collect(next);
    }
  }
}
