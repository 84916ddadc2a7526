package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class PerSourceBoundedWatermarksTest {
  /** An event is "source:time". */
  final PerSourceBoundedWatermarks<String> generator =
      new PerSourceBoundedWatermarks<>(
          e -> e.substring(0, e.indexOf(':')), Map.of("user", 1000L, "chat", 5000L, "meeting", 0L));

  final List<Long> emitted = new ArrayList<>();
  boolean idle;
  final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
          emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
          idle = true;
        }

        @Override
        public void markActive() {}
      };

  void feed(String... events) {
    for (String e : events) {
      generator.onEvent(e, Long.parseLong(e.substring(e.indexOf(':') + 1)), output);
    }
  }

  @Test
  void oneSourceIsFlinksBoundedOutOfOrdernessIncludingMinusOne() {
    feed("user:10000", "user:12000", "user:11000", "user:15000");
    assertThat(emitted).containsExactly(8999L, 10999L, 10999L, 13999L);
  }

  @Test
  void minimumOverSourcesThatHaveProduced() {
    feed("user:10000");
    // chat has not produced yet: it does not hold the watermark back.
    assertThat(emitted).containsExactly(8999L);
    feed("chat:20000");
    // min(10000-1000-1, 20000-5000-1)
    assertThat(emitted).containsExactly(8999L, 8999L);
    feed("user:30000");
    // min(28999, 14999)
    assertThat(emitted).containsExactly(8999L, 8999L, 14999L);
    feed("meeting:16000");
    // min(28999, 14999, 15999)
    assertThat(emitted).containsExactly(8999L, 8999L, 14999L, 14999L);
    feed("chat:40000");
    // min(28999, 34999, 15999)
    assertThat(emitted).containsExactly(8999L, 8999L, 14999L, 14999L, 15999L);
  }

  @Test
  void aLateFirstEventOfANewSourceDoesNotMoveTheWatermarkBack() {
    feed("user:100000", "chat:1000");
    // The formula says min(98999, -4001); the watermark stays at 98999.
    assertThat(emitted).containsExactly(98999L, 98999L);
    feed("chat:200000");
    assertThat(emitted).containsExactly(98999L, 98999L, 98999L);
    feed("user:200000");
    assertThat(emitted).containsExactly(98999L, 98999L, 98999L, 194999L);
  }

  @Test
  void periodicEmitAddsNothing() {
    feed("user:5000");
    generator.onPeriodicEmit(output);
    assertThat(emitted).containsExactly(3999L);
  }

  @Test
  void unknownSourceIsAProgrammingError() {
    assertThatThrownBy(() -> feed("video:1")).hasMessageContaining("video");
  }

  @Test
  void strategiesAreSerializableAndUseTheEventTime() throws Exception {
    EventTimeExtractor<String> time = e -> Long.parseLong(e.substring(e.indexOf(':') + 1));
    WatermarkStrategy<String> perSource =
        InstantiationUtil.clone(
            Watermarks.perSource(
                e -> e.substring(0, e.indexOf(':')), Map.of("user", Duration.ofSeconds(1)), time));
    assertThat(perSource.createWatermarkGenerator(null))
        .isInstanceOf(PerSourceBoundedWatermarks.class);
    assertThat(perSource.createTimestampAssigner(null).extractTimestamp("user:1234", -1))
        .isEqualTo(1234);

    WatermarkStrategy<String> production =
        InstantiationUtil.clone(
            Watermarks.boundedOutOfOrderness(Duration.ofSeconds(5), Duration.ofMinutes(1), time));
    assertThat(production.createTimestampAssigner(null).extractTimestamp("chat:99", -1))
        .isEqualTo(99);
    ManualClock activity = new ManualClock();
    WatermarkGenerator<String> bounded =
        production.createWatermarkGenerator(
            new WatermarkGeneratorSupplier.Context() {
              @Override
              public MetricGroup getMetricGroup() {
                return UnregisteredMetricsGroup.createOperatorMetricGroup();
              }

              @Override
              public RelativeClock getInputActivityClock() {
                return activity;
              }
            });
    bounded.onEvent("chat:10000", 10000, output);
    bounded.onPeriodicEmit(output);
    assertThat(emitted).containsExactly(4999L);
    assertThat(idle).isFalse();
    // Flink's idleness timer: one quiet period to notice inactivity, then idleAfter must pass.
    activity.advanceTime(Duration.ofMillis(1));
    bounded.onPeriodicEmit(output);
    assertThat(idle).isFalse();
    activity.advanceTime(Duration.ofMinutes(2));
    bounded.onPeriodicEmit(output);
    assertThat(idle).as("an idle source stops holding back the watermark").isTrue();
  }
}
