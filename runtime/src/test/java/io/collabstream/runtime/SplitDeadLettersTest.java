package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SplitDeadLettersTest {
  record Envelope(String name, DeadLetter deadLetter) implements Decoded {
    @Override
    public long eventTimeMillis() {
      return 0;
    }
  }

  @Test
  void routesDeadLettersToTheSideOutputAndKeepsTimestamps() throws Exception {
    DeadLetter letter = new DeadLetter();
    letter.reason = "bad-enum";
    try (var split = new OneInputStreamOperatorTestHarness<>(new SplitDeadLetters<Envelope>())) {
      split.open();
      split.processElement(new StreamRecord<>(new Envelope("ok", null), 5));
      split.processElement(new StreamRecord<>(new Envelope("bad", letter), 6));
      assertThat(split.extractOutputValues()).extracting(Envelope::name).containsExactly("ok");
      assertThat(split.getSideOutput(DecodeAndValidate.DEAD_LETTERS))
          .extracting(StreamRecord::getValue, StreamRecord::getTimestamp)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(letter, 6L));
    }
  }

  @Test
  void aDrainMarksTheOutputActiveAndEndsEventTimeEvenWhenTheSourcesWereIdle() throws Exception {
    try (var split = new OneInputStreamOperatorTestHarness<>(new SplitDeadLetters<Envelope>())) {
      split.open();
      split.processWatermarkStatus(WatermarkStatus.IDLE);
      split.endInput();
      List<Object> emitted = new ArrayList<>(split.getOutput());
      assertThat(emitted).endsWith(WatermarkStatus.ACTIVE, Watermark.MAX_WATERMARK);
    }
  }
}
