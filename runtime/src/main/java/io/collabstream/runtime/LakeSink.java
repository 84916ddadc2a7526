package io.collabstream.runtime;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.common.SupportsConcurrentExecutionAttempts;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A lake table's sink: Flink's exactly-once {@link FileSink}, unchanged (same writer, committer,
 * state and serializers, so savepoints of either restore into the other), with the {@link
 * LakeCommitLedger} between its writer and its committer.
 *
 * @param <IN> the rows, as the file sink takes them
 */
public final class LakeSink<IN>
    implements Sink<IN>,
        SupportsWriterState<IN, FileWriterBucketState>,
        SupportsWriterState.WithCompatibleState,
        SupportsCommitter<FileSinkCommittable>,
        SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable>,
        SupportsConcurrentExecutionAttempts {
  private static final long serialVersionUID = 1L;

  /** The ledger operator's name: Flink prefixes it with the sink's. */
  public static final String LEDGER_NAME = "commit ledger";

  private final FileSink<IN> files;
  private final String tablePath;

  public LakeSink(FileSink<IN> files, String tablePath) {
    this.files = files;
    this.tablePath = tablePath;
  }

  @Override
  public StatefulSinkWriter<IN, FileWriterBucketState> createWriter(WriterInitContext context)
      throws IOException {
    return files.createWriter(context);
  }

  @Override
  public StatefulSinkWriter<IN, FileWriterBucketState> restoreWriter(
      WriterInitContext context, Collection<FileWriterBucketState> recoveredState)
      throws IOException {
    return files.restoreWriter(context, recoveredState);
  }

  @Override
  public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
    return files.getWriterStateSerializer();
  }

  @Override
  public Collection<String> getCompatibleWriterStateNames() {
    return files.getCompatibleWriterStateNames();
  }

  @Override
  public Committer<FileSinkCommittable> createCommitter(CommitterInitContext context)
      throws IOException {
    return files.createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<FileSinkCommittable> getCommittableSerializer() {
    return files.getCommittableSerializer();
  }

  @Override
  public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
    return files.getWriteResultSerializer();
  }

  @Override
  public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
      DataStream<CommittableMessage<FileSinkCommittable>> committables) {
    DataStream<CommittableMessage<FileSinkCommittable>> compacted =
        files.addPreCommitTopology(committables);
    return compacted
        .transform(LEDGER_NAME, compacted.getType(), new LakeCommitLedger(tablePath))
        .uid(LEDGER_NAME);
  }
}
