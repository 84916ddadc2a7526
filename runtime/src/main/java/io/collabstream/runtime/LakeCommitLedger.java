package io.collabstream.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which part files each checkpoint of a lake table commits, written before they are committed, so
 * that a restore from an older checkpoint than the latest withdraws what the later ones committed.
 *
 * <p>The Parquet sink commits a checkpoint's files once the checkpoint completes. A job restored
 * from checkpoint k replays its input from k's offsets and writes again every row that checkpoints
 * after k had already committed: without this ledger those rows would be in the table twice. Kafka
 * transactions cannot be taken back that way (the topics get those records again: README,
 * "Restoring an older checkpoint"); files can.
 *
 * <p>It sits between the sink's writer and its committer and passes every committable on unchanged.
 * At each checkpoint n it writes one small file, {@code
 * <table>/_commit_ledger/<n>.<subtask>.<uuid>}, listing the final paths of the part files
 * checkpoint n will commit; the committer commits them only after n completes, so the entry is
 * always there first. When the job starts, subtask 0 (every other subtask is still initializing
 * then, and nothing commits before a checkpoint of the new run completes) deletes the part files
 * listed for checkpoints after the restored one, and those entries; on a fresh start, whose ids
 * restart at 1, it drops every entry (a new lineage). Entries more than {@link #KEPT_CHECKPOINTS}
 * checkpoints old are pruned: a restore can only go back to a retained checkpoint. Trino skips
 * directories whose name starts with {@code _}.
 */
public final class LakeCommitLedger
    extends AbstractStreamOperator<CommittableMessage<FileSinkCommittable>>
    implements OneInputStreamOperator<
        CommittableMessage<FileSinkCommittable>, CommittableMessage<FileSinkCommittable>> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LakeCommitLedger.class);

  /** The ledger's directory inside the table's. */
  public static final String DIRECTORY = "_commit_ledger";

  /** Far more than the cluster retains (execution.checkpointing.num-retained). */
  public static final int KEPT_CHECKPOINTS = 50;

  private final String tablePath;
  private transient SortedMap<Long, List<String>> pending;
  private transient Deque<Entry> written;
  private transient String attempt;

  /** One ledger file: the checkpoint it belongs to and where it is. */
  public record Entry(long checkpointId, Path path) {
    static Entry parse(Path path) {
      String name = path.getName();
      int dot = name.indexOf('.');
      try {
        return dot > 0 ? new Entry(Long.parseLong(name.substring(0, dot)), path) : null;
      } catch (NumberFormatException notOurs) {
        return null;
      }
    }
  }

  /**
   * @param tablePath the table's directory, the file sink's base path
   */
  public LakeCommitLedger(String tablePath) {
    this.tablePath = tablePath;
  }

  private Path directory() {
    return new Path(tablePath, DIRECTORY);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    pending = new TreeMap<>();
    written = new ArrayDeque<>();
    attempt = UUID.randomUUID().toString();
    if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
      OptionalLong restored = context.getRestoredCheckpointId();
      int withdrawn = withdrawAfter(directory(), restored);
      if (withdrawn > 0) {
        LOG.info(
            "{}: withdrew {} part files committed after checkpoint {}",
            tablePath,
            withdrawn,
            restored.getAsLong());
      }
    }
  }

  /**
   * Deletes the part files that checkpoints after {@code restored} committed, and their entries;
   * with no restored checkpoint, every entry (the files stay). Prunes entries older than {@link
   * #KEPT_CHECKPOINTS}. Returns how many part files it deleted.
   */
  public static int withdrawAfter(Path directory, OptionalLong restored) throws IOException {
    FileSystem fs = directory.getFileSystem();
    int withdrawn = 0;
    for (Entry entry : entries(fs, directory)) {
      if (restored.isEmpty() || entry.checkpointId() <= restored.getAsLong() - KEPT_CHECKPOINTS) {
        fs.delete(entry.path(), false);
      } else if (entry.checkpointId() > restored.getAsLong()) {
        for (String file : read(fs, entry.path())) {
          if (fs.delete(new Path(file), false)) {
            withdrawn++;
          }
        }
        fs.delete(entry.path(), false);
      }
    }
    return withdrawn;
  }

  static List<Entry> entries(FileSystem fs, Path directory) throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (!fs.exists(directory)) {
      return entries;
    }
    FileStatus[] listed = fs.listStatus(directory);
    for (FileStatus status : listed == null ? new FileStatus[0] : listed) {
      Entry entry = status.isDir() ? null : Entry.parse(status.getPath());
      if (entry != null) {
        entries.add(entry);
      }
    }
    return entries;
  }

  private static List<String> read(FileSystem fs, Path path) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  @Override
  public void processElement(StreamRecord<CommittableMessage<FileSinkCommittable>> element) {
    // End of input (Long.MAX_VALUE) commits what a finished job wrote: nothing restores after it.
    if (element.getValue() instanceof CommittableWithLineage<FileSinkCommittable> committable
        && committable.getCheckpointId() != Long.MAX_VALUE
        && committable.getCommittable().hasPendingFile()) {
      Path file = committable.getCommittable().getPendingFile().getPath();
      if (file != null) {
        pending
            .computeIfAbsent(committable.getCheckpointId(), id -> new ArrayList<>())
            .add(file.toString());
      }
    }
    output.collect(element);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    FileSystem fs = directory().getFileSystem();
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    SortedMap<Long, List<String>> due = pending.headMap(context.getCheckpointId() + 1);
    for (var checkpoint : due.entrySet()) {
      Path path =
          new Path(directory(), checkpoint.getKey() + "." + subtask + "." + attempt + ".txt");
      try (OutputStream out = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
        out.write(
            (String.join("\n", checkpoint.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      written.add(new Entry(checkpoint.getKey(), path));
    }
    due.clear();
    while (!written.isEmpty()
        && written.peekFirst().checkpointId() <= context.getCheckpointId() - KEPT_CHECKPOINTS) {
      fs.delete(written.removeFirst().path(), false);
    }
  }
}
