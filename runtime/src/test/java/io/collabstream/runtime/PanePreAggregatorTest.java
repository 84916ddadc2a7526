package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class PanePreAggregatorTest {
  static final OutputTag<String> LATE = new OutputTag<>("late", Types.STRING);

  /** Events are "key:value"; a partial is the key's values in arrival order. */
  static final class Values implements AggregateFunction<String, List<String>, List<String>> {
    @Override
    public List<String> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<String> add(String value, List<String> acc) {
      acc.add(value.substring(value.indexOf(':') + 1));
      return acc;
    }

    @Override
    public List<String> getResult(List<String> acc) {
      return acc;
    }

    @Override
    public List<String> merge(List<String> a, List<String> b) {
      a.addAll(b);
      return a;
    }
  }

  /** 60 s windows every 15 s. */
  static OneInputStreamOperatorTestHarness<String, String> harness(int maxBufferedEvents)
      throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        new PanePreAggregator<String, String, List<String>, String>(
            60_000,
            15_000,
            maxBufferedEvents,
            (String in) -> in.substring(0, in.indexOf(':')),
            new Values(),
            (key, pane, values) -> key + "@" + pane + "=" + values,
            LATE,
            "pre-aggregate.watermark-floor"));
  }

  static OneInputStreamOperatorTestHarness<String, String> harness() throws Exception {
    return harness(1_000);
  }

  static int buffered(OneInputStreamOperatorTestHarness<String, String> harness) {
    return ((PanePreAggregator<?, ?, ?, ?>) harness.getOperator()).bufferedEvents();
  }

  /** Records as their values, watermarks as "wm <timestamp>", in output order. */
  static List<String> output(Iterable<?> output) {
    List<String> out = new ArrayList<>();
    if (output == null) {
      return out;
    }
    for (Object element : output) {
      if (element instanceof StreamRecord<?> record) {
        out.add(String.valueOf(record.getValue()));
      } else if (element instanceof Watermark mark) {
        out.add("wm " + mark.getTimestamp());
      }
    }
    return out;
  }

  @Test
  void buffersPartialsPerKeyAndPaneUntilAWindowOfThePaneFires() throws Exception {
    try (var pre = harness()) {
      pre.open();
      pre.processElement(new StreamRecord<>("a:1", 1_000));
      pre.processElement(new StreamRecord<>("b:2", 14_999));
      pre.processElement(new StreamRecord<>("a:3", 15_000)); // the next pane
      pre.processElement(new StreamRecord<>("a:4", 0));
      pre.processWatermark(new Watermark(Long.MIN_VALUE));
      pre.processWatermark(new Watermark(14_998)); // no window ends at 14 999 or before
      assertThat(output(pre.getOutput())).containsExactly("wm " + Long.MIN_VALUE, "wm 14998");
      assertThat(buffered(pre)).isEqualTo(4);

      pre.getOutput().clear();
      pre.processWatermark(new Watermark(14_999)); // [−45 s, 15 s) fires: pane 0 goes first
      assertThat(output(pre.getOutput()))
          .containsExactlyInAnyOrder("a@0=[1, 4]", "b@0=[2]", "wm 14999");
      assertThat(output(pre.getOutput()).get(2)).isEqualTo("wm 14999");
      assertThat(buffered(pre)).isEqualTo(1);

      pre.getOutput().clear();
      pre.processWatermark(new Watermark(29_999));
      assertThat(output(pre.getOutput())).containsExactly("a@15000=[3]", "wm 29999");
      assertThat(buffered(pre)).isZero();
      assertThat(pre.getSideOutput(LATE)).isNull();
    }
  }

  @Test
  void eventsOfAPaneWithFiredAndOpenWindowsAreKeptAndSentBeforeTheNextWatermark() throws Exception {
    try (var pre = harness()) {
      pre.open();
      pre.processWatermark(new Watermark(30_000)); // windows ending 15 s and 30 s have fired
      pre.getOutput().clear();
      // Pane 0 still belongs to the windows ending 45 s and 60 s.
      pre.processElement(new StreamRecord<>("a:1", 5_000));
      pre.processElement(new StreamRecord<>("a:2", 6_000));
      assertThat(output(pre.getOutput())).isEmpty();
      pre.processWatermark(new Watermark(30_001)); // no window fires, but pane 0 is flushed first
      assertThat(output(pre.getOutput())).containsExactly("a@0=[1, 2]", "wm 30001");
      assertThat(pre.getSideOutput(LATE)).isNull();
    }
  }

  @Test
  void anEventIsLateOnlyWhenEveryWindowOfItsPaneHasFired() throws Exception {
    try (var pre = harness()) {
      pre.open();
      pre.processWatermark(new Watermark(59_999)); // every window containing [0, 15 s) has fired
      pre.processElement(new StreamRecord<>("a:late", 14_999));
      pre.processElement(new StreamRecord<>("a:on-time", 15_000));
      assertThat(output(pre.getSideOutput(LATE))).containsExactly("a:late");
      assertThat(buffered(pre)).isEqualTo(1);
      pre.processWatermark(new Watermark(Long.MAX_VALUE));
      assertThat(output(pre.getOutput()))
          .containsExactly("wm 59999", "a@15000=[on-time]", "wm " + Long.MAX_VALUE);
    }
  }

  @Test
  void everythingIsSentBeforeACheckpointBarrierSoNothingBufferedIsCheckpointed() throws Exception {
    OperatorSubtaskState snapshot;
    try (var pre = harness()) {
      pre.open();
      pre.processWatermark(new Watermark(10_000));
      pre.processElement(new StreamRecord<>("a:1", 20_000));
      pre.processElement(new StreamRecord<>("b:2", 50_000));
      pre.prepareSnapshotPreBarrier(1);
      assertThat(output(pre.getOutput())).containsExactly("wm 10000", "a@15000=[1]", "b@45000=[2]");
      assertThat(buffered(pre)).isZero();
      snapshot = pre.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processWatermark(new Watermark(Long.MAX_VALUE));
      assertThat(output(restored.getOutput())).containsExactly("wm " + Long.MAX_VALUE);
    }
  }

  @Test
  void afterARestoreLatenessIsDecidedAgainstTheCheckpointedWatermark() throws Exception {
    OperatorSubtaskState snapshot;
    try (var pre = harness()) {
      pre.open();
      pre.processWatermark(new Watermark(59_999));
      pre.prepareSnapshotPreBarrier(1);
      snapshot = pre.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      // No watermark has arrived yet: without the floor, pane 0 would be opened again.
      restored.processElement(new StreamRecord<>("a:late", 1_000));
      restored.processElement(new StreamRecord<>("a:on-time", 15_000));
      assertThat(output(restored.getSideOutput(LATE))).containsExactly("a:late");
      restored.endInput();
      assertThat(output(restored.getOutput())).containsExactly("a@15000=[on-time]");
    }
  }

  @Test
  void theEndOfInputSendsEveryPartial() throws Exception {
    try (var pre = harness()) {
      pre.open();
      pre.processElement(new StreamRecord<>("a:1", 100_000));
      pre.processElement(new StreamRecord<>("a:2", -1));
      pre.endInput();
      assertThat(output(pre.getOutput())).containsExactly("a@-15000=[2]", "a@90000=[1]");
      assertThat(buffered(pre)).isZero();
    }
  }

  @Test
  void anIdleOutputSendsEveryPartialFirst() throws Exception {
    try (var pre = harness()) {
      pre.open();
      pre.processElement(new StreamRecord<>("a:1", 100_000));
      pre.processWatermarkStatus(WatermarkStatus.IDLE);
      assertThat(output(pre.getOutput())).containsExactly("a@90000=[1]");
      assertThat(buffered(pre)).isZero();
    }
  }

  @Test
  void theBufferIsBoundedByTheNumberOfEvents() throws Exception {
    try (var pre = harness(3)) {
      pre.open();
      pre.processElement(new StreamRecord<>("a:1", 1_000));
      pre.processElement(new StreamRecord<>("b:2", 20_000));
      assertThat(output(pre.getOutput())).isEmpty();
      pre.processElement(new StreamRecord<>("a:3", 2_000));
      assertThat(output(pre.getOutput())).containsExactly("a@0=[1, 3]", "b@15000=[2]");
      pre.getOutput().clear();
      // The same (key, pane) again: a second partial, after the first one.
      pre.processElement(new StreamRecord<>("a:4", 3_000));
      pre.processWatermark(new Watermark(14_999));
      assertThat(output(pre.getOutput())).containsExactly("a@0=[4]", "wm 14999");
    }
  }

  @Test
  void rejectsASizeThatIsNotAMultipleOfTheSlide() {
    assertThatThrownBy(
            () ->
                new PanePreAggregator<String, String, List<String>, String>(
                    50_000, 15_000, 10, in -> in, new Values(), (k, p, v) -> k, LATE, "floor"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
