package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class LateGateTest {
  static final OutputTag<String> LATE = new OutputTag<>("late", Types.STRING);

  static OneInputStreamOperatorTestHarness<String, String> harness() throws Exception {
    return new OneInputStreamOperatorTestHarness<>(new LateGate<>(30_000, 30_000, LATE));
  }

  static List<String> values(Iterable<?> records) {
    List<String> out = new ArrayList<>();
    for (Object r : records) {
      if (r instanceof StreamRecord<?> record) {
        out.add((String) record.getValue());
      }
    }
    return out;
  }

  @Test
  void onAFreshStartEverythingPassesAndTheWindowOperatorDecides() throws Exception {
    try (var gate = harness()) {
      gate.open();
      gate.processWatermark(new Watermark(89_999));
      gate.processElement(new StreamRecord<>("old", 1_000));
      assertThat(values(gate.getOutput())).containsExactly("old");
      assertThat(gate.getSideOutput(LATE)).isNull();
    }
  }

  @Test
  void afterARestoreEventsOfWindowsFiredBeforeTheCheckpointAreLate() throws Exception {
    OperatorSubtaskState snapshot;
    try (var gate = harness()) {
      gate.open();
      gate.processWatermark(new Watermark(59_999)); // [0, 30 s) and [30 s, 60 s) have fired
      snapshot = gate.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      // No watermark has arrived yet: the window operator alone would reopen fired windows.
      restored.processElement(new StreamRecord<>("window 0", 29_999));
      restored.processElement(new StreamRecord<>("window 30 s", 30_000));
      restored.processElement(new StreamRecord<>("window 60 s", 60_000));
      assertThat(values(restored.getSideOutput(LATE))).containsExactly("window 0", "window 30 s");
      assertThat(values(restored.getOutput())).containsExactly("window 60 s");
    }
  }

  @Test
  void slidingWindowsAreLateOnlyWhenTheirLastWindowFired() {
    // 60 s windows every 15 s: an event at 50 s belongs to windows ending 60, 75, 90 and 105 s.
    assertThat(LateGate.lastWindowEnd(50_000, 60_000, 15_000)).isEqualTo(105_000);
    assertThat(LateGate.lastWindowEnd(-1, 30_000, 30_000)).isEqualTo(0);
  }
}
