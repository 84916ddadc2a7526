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

  /** An envelope "topic:time", or a dead letter. */
  record Envelope(String topic, long time, DeadLetter deadLetter) implements Decoded {
    @Override
    public long eventTimeMillis() {
      return time;
    }
  }

  static WatermarkGeneratorSupplier.Context context(ManualClock activity) {
    return new WatermarkGeneratorSupplier.Context() {
      @Override
      public MetricGroup getMetricGroup() {
        return UnregisteredMetricsGroup.createOperatorMetricGroup();
      }

      @Override
      public RelativeClock getInputActivityClock() {
        return activity;
      }
    };
  }

  @Test
  void strategiesAreSerializableUseTheEventTimeAndIgnoreDeadLetters() throws Exception {
    Envelope chat = new Envelope("chat", 10_000, null);
    Envelope bad = new Envelope("chat", 0, new DeadLetter());
    ManualClock activity = new ManualClock();
    List<WatermarkStrategy<Envelope>> strategies =
        List.of(
            Watermarks.perSource(Envelope::topic, Map.of("chat", Duration.ofSeconds(5))),
            Watermarks.perPartition(
                Envelope::topic, e -> 0, Map.of("chat", Duration.ofSeconds(5)), Duration.ZERO),
            Watermarks.kafkaSource(Duration.ofSeconds(5), Duration.ZERO));
    for (WatermarkStrategy<Envelope> original : strategies) {
      WatermarkStrategy<Envelope> strategy = InstantiationUtil.clone(original);
      assertThat(strategy.createTimestampAssigner(null).extractTimestamp(chat, -1))
          .isEqualTo(10_000);
      assertThat(strategy.createTimestampAssigner(null).extractTimestamp(bad, 77))
          .as("a dead letter keeps its Kafka timestamp")
          .isEqualTo(77);
      emitted.clear();
      WatermarkGenerator<Envelope> generator = strategy.createWatermarkGenerator(context(activity));
      generator.onEvent(bad, Long.MAX_VALUE, output);
      generator.onPeriodicEmit(output);
      generator.onEvent(chat, 10_000, output);
      generator.onPeriodicEmit(output);
      // Flink's own generator emits its starting value before any event; the dead letter moved
      // nothing.
      assertThat(emitted).isNotEmpty().allMatch(watermark -> watermark <= 4999L);
      assertThat(emitted.get(emitted.size() - 1)).isEqualTo(4999L);
    }
  }

  @Test
  void kafkaSourcesAlignTheirWatermarks() {
    var alignment =
        Watermarks.<Envelope>kafkaSource(Duration.ofSeconds(5), Duration.ofMinutes(1))
            .getAlignmentParameters();
    assertThat(alignment.isEnabled()).isTrue();
    assertThat(alignment.getWatermarkGroup()).isEqualTo(Watermarks.ALIGNMENT_GROUP);
    assertThat(alignment.getMaxAllowedWatermarkDrift()).isEqualTo(30_000L);
  }

  @Test
  void kafkaSourceIdlenessFollowsTheInputActivityClock() {
    ManualClock activity = new ManualClock();
    WatermarkGenerator<Envelope> generator =
        Watermarks.<Envelope>kafkaSource(Duration.ofSeconds(5), Duration.ofMinutes(1))
            .createWatermarkGenerator(context(activity));
    generator.onEvent(new Envelope("chat", 10_000, null), 10_000, output);
    generator.onPeriodicEmit(output);
    assertThat(idle).isFalse();
    // Flink's idleness timer: one quiet period to notice inactivity, then idleAfter must pass.
    activity.advanceTime(Duration.ofMillis(1));
    generator.onPeriodicEmit(output);
    activity.advanceTime(Duration.ofMinutes(2));
    generator.onPeriodicEmit(output);
    assertThat(idle).as("an idle partition stops holding back the watermark").isTrue();
  }
}
