package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class PerPartitionWatermarksTest {
  long nanos;
  final List<Long> emitted = new ArrayList<>();
  final List<String> status = new ArrayList<>();

  /** An event is "topic/partition:time". */
  final PerPartitionWatermarks<String> generator =
      new PerPartitionWatermarks<>(
          e -> e.substring(0, e.indexOf('/')),
          e -> Integer.parseInt(e.substring(e.indexOf('/') + 1, e.indexOf(':'))),
          Map.of("user", 5000L, "chat", 1000L),
          60_000L,
          () -> nanos);

  final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
          emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
          status.add("idle");
        }

        @Override
        public void markActive() {
          status.add("active");
        }
      };

  void feed(String... events) {
    for (String e : events) {
      generator.onEvent(e, Long.parseLong(e.substring(e.indexOf(':') + 1)), output);
    }
  }

  void advanceMillis(long ms) {
    nanos += ms * 1_000_000L;
  }

  @Test
  void theMinimumOverPartitionsHoldsTheWatermarkForALaggingPartition() {
    feed("user/0:100000", "user/1:20000");
    generator.onPeriodicEmit(output);
    // Partition 1 is 80 s behind partition 0: its on-time events must stay on time.
    assertThat(emitted).containsExactly(20000L - 5000 - 1);
    feed("user/1:100000");
    generator.onPeriodicEmit(output);
    assertThat(emitted).containsExactly(14999L, 94999L);
  }

  @Test
  void eachTopicUsesItsOwnBoundAndTheWatermarkNeverGoesBack() {
    feed("chat/0:10000");
    generator.onPeriodicEmit(output);
    feed("user/0:10000"); // a new partition with a larger bound would lower the minimum
    generator.onPeriodicEmit(output);
    generator.onPeriodicEmit(output);
    assertThat(emitted).containsExactly(8999L);
  }

  @Test
  void aSilentPartitionStopsHoldingTheWatermarkAfterIdleAfter() {
    feed("user/0:10000", "user/1:50000");
    generator.onPeriodicEmit(output);
    advanceMillis(59_999);
    feed("user/1:60000");
    generator.onPeriodicEmit(output);
    assertThat(emitted).containsExactly(4999L);
    advanceMillis(1);
    generator.onPeriodicEmit(output);
    assertThat(emitted).containsExactly(4999L, 54999L);
    assertThat(status).isEmpty();
  }

  @Test
  void whenEveryPartitionIsIdleTheOutputIsIdleUntilAnEventArrives() {
    generator.onPeriodicEmit(output);
    assertThat(status).as("nothing seen yet: neither idle nor a watermark").isEmpty();
    feed("chat/2:10000");
    advanceMillis(60_000);
    generator.onPeriodicEmit(output);
    generator.onPeriodicEmit(output);
    assertThat(status).containsExactly("idle");
    feed("chat/2:20000");
    generator.onPeriodicEmit(output);
    assertThat(status).containsExactly("idle", "active");
    assertThat(emitted).containsExactly(18999L);
  }

  @Test
  void anUnknownSourceIsAProgrammingError() {
    assertThatThrownBy(() -> feed("video/0:1")).hasMessageContaining("video");
  }
}
