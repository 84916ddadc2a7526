package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.functions.sink.filesystem.InProgressFileWriter.PendingFileRecoverable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeCommitLedgerTest {
  @TempDir Path table;

  record Pending(org.apache.flink.core.fs.Path getPath, long getSize)
      implements PendingFileRecoverable {}

  OneInputStreamOperatorTestHarness<
          CommittableMessage<FileSinkCommittable>, CommittableMessage<FileSinkCommittable>>
      harness() throws Exception {
    return new OneInputStreamOperatorTestHarness<>(new LakeCommitLedger(table.toUri().toString()));
  }

  /** A committed part file of {@code checkpoint}, and the committable that named it. */
  StreamRecord<CommittableMessage<FileSinkCommittable>> partFile(long checkpoint) throws Exception {
    Path file = table.resolve("date=2026-12-04").resolve("part-" + checkpoint + ".parquet");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "rows of checkpoint " + checkpoint);
    FileSinkCommittable committable =
        new FileSinkCommittable(
            "date=2026-12-04",
            new Pending(new org.apache.flink.core.fs.Path(file.toUri()), Files.size(file)));
    return new StreamRecord<>(new CommittableWithLineage<>(committable, checkpoint, 0));
  }

  List<String> partFiles() throws Exception {
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  List<Long> ledgerCheckpoints() throws Exception {
    Path ledger = table.resolve(LakeCommitLedger.DIRECTORY);
    if (!Files.exists(ledger)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(ledger)) {
      return entries
          .map(p -> Long.parseLong(p.getFileName().toString().split("\\.")[0]))
          .sorted()
          .toList();
    }
  }

  /** Three checkpoints, each committing one part file; their snapshots. */
  List<OperatorSubtaskState> threeCheckpoints() throws Exception {
    List<OperatorSubtaskState> snapshots = new ArrayList<>();
    try (var ledger = harness()) {
      ledger.open();
      for (long checkpoint = 1; checkpoint <= 3; checkpoint++) {
        ledger.processElement(partFile(checkpoint));
        ledger.processElement(new StreamRecord<>(new CommittableSummary<>(0, 1, checkpoint, 1, 0)));
        snapshots.add(ledger.snapshot(checkpoint, checkpoint));
      }
      List<Object> passed = new ArrayList<>(ledger.getOutput());
      assertThat(passed).as("every committable and summary passes on").hasSize(6);
    }
    assertThat(ledgerCheckpoints()).containsExactly(1L, 2L, 3L);
    return snapshots;
  }

  @Test
  void aRestoreFromAnOlderCheckpointWithdrawsWhatLaterCheckpointsCommitted() throws Exception {
    OperatorSubtaskState first = threeCheckpoints().get(0);
    try (var restored = harness()) {
      restored.setRestoredCheckpointId(1);
      restored.initializeState(first);
      restored.open();
    }
    assertThat(partFiles()).containsExactly("part-1.parquet");
    assertThat(ledgerCheckpoints()).containsExactly(1L);
  }

  @Test
  void aRestoreFromTheLatestCheckpointWithdrawsNothing() throws Exception {
    OperatorSubtaskState latest = threeCheckpoints().get(2);
    try (var restored = harness()) {
      restored.setRestoredCheckpointId(3);
      restored.initializeState(latest);
      restored.open();
    }
    assertThat(partFiles()).containsExactly("part-1.parquet", "part-2.parquet", "part-3.parquet");
    assertThat(ledgerCheckpoints()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aFreshStartKeepsTheFilesAndStartsANewLedger() throws Exception {
    threeCheckpoints();
    try (var fresh = harness()) {
      fresh.open();
    }
    assertThat(partFiles()).containsExactly("part-1.parquet", "part-2.parquet", "part-3.parquet");
    assertThat(ledgerCheckpoints()).isEmpty();
  }

  @Test
  void entriesOlderThanTheKeptCheckpointsArePruned() throws Exception {
    try (var ledger = harness()) {
      ledger.open();
      long last = LakeCommitLedger.KEPT_CHECKPOINTS + 2;
      for (long checkpoint = 1; checkpoint <= last; checkpoint++) {
        ledger.processElement(partFile(checkpoint));
        ledger.snapshot(checkpoint, checkpoint);
      }
      assertThat(ledgerCheckpoints()).hasSize(LakeCommitLedger.KEPT_CHECKPOINTS).doesNotContain(2L);
    }
  }

  @Test
  void endOfInputIsNotWithdrawable() throws Exception {
    try (var ledger = harness()) {
      ledger.open();
      StreamRecord<CommittableMessage<FileSinkCommittable>> last = partFile(Long.MAX_VALUE);
      ledger.processElement(last);
      ledger.snapshot(1, 1);
    }
    assertThat(ledgerCheckpoints()).isEmpty();
  }
}
