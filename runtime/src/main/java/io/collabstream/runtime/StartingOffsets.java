package io.collabstream.runtime;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a job's Kafka sources start when no restored state says where they were ({@link
 * JobConfig#startingOffsets()}): a fresh start after a breaking upgrade chooses it.
 */
public final class StartingOffsets implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final StartingOffsets COMMITTED = new StartingOffsets("committed", null);
  public static final StartingOffsets EARLIEST = new StartingOffsets("earliest", null);
  public static final StartingOffsets LATEST = new StartingOffsets("latest", null);

  private final String kind;
  private final Instant timestamp;

  private StartingOffsets(String kind, Instant timestamp) {
    this.kind = kind;
    this.timestamp = timestamp;
  }

  public static StartingOffsets at(Instant timestamp) {
    return new StartingOffsets("timestamp", Objects.requireNonNull(timestamp, "timestamp"));
  }

  /**
   * Offsets the enumerator resolves into numbers when it assigns a partition. The connector's own
   * committed and earliest initializers hand the reader a marker instead (-3, -2), resolved only
   * when the reader first fetches; a checkpoint taken before that keeps the marker in the split's
   * state, and a restore from it starts at the group's committed offsets of that moment, which a
   * later run of the job has moved on: the fault campaign lost every row between such a first
   * checkpoint and the restore (run 911, restore-older-checkpoint to chk-1).
   */
  OffsetsInitializer initializer() {
    switch (kind) {
      case "earliest":
        return new Resolved(false);
      case "latest":
        return OffsetsInitializer.latest();
      case "timestamp":
        return OffsetsInitializer.timestamp(timestamp.toEpochMilli());
      default:
        return new Resolved(true);
    }
  }

  /** The group's committed offset of each partition ({@code committed}), else its earliest. */
  static final class Resolved implements OffsetsInitializer {
    private static final long serialVersionUID = 1L;
    private final boolean committed;

    Resolved(boolean committed) {
      this.committed = committed;
    }

    @Override
    public Map<TopicPartition, Long> getPartitionOffsets(
        Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      if (committed) {
        retriever
            .committedOffsets(partitions)
            .forEach(
                (partition, offset) -> {
                  if (offset != null && offset >= 0) {
                    offsets.put(partition, offset);
                  }
                });
      }
      List<TopicPartition> rest = partitions.stream().filter(p -> !offsets.containsKey(p)).toList();
      if (!rest.isEmpty()) {
        offsets.putAll(retriever.beginningOffsets(rest));
      }
      return offsets;
    }

    // The interface still speaks Kafka's deprecated OffsetResetStrategy: out of range (data
    // deleted by retention), a reader starts again from the earliest offset.
    @SuppressWarnings("deprecation")
    @Override
    public OffsetResetStrategy getAutoOffsetResetStrategy() {
      return OffsetResetStrategy.EARLIEST;
    }
  }

  @Override
  public String toString() {
    return timestamp == null ? kind : timestamp.toString();
  }
}
