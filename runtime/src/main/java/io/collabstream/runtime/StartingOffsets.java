package io.collabstream.runtime;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

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

  // The connector's committedOffsets(...) still takes Kafka's deprecated OffsetResetStrategy.
  @SuppressWarnings("deprecation")
  OffsetsInitializer initializer() {
    switch (kind) {
      case "earliest":
        return OffsetsInitializer.earliest();
      case "latest":
        return OffsetsInitializer.latest();
      case "timestamp":
        return OffsetsInitializer.timestamp(timestamp.toEpochMilli());
      default:
        return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    }
  }

  @Override
  public String toString() {
    return timestamp == null ? kind : timestamp.toString();
  }
}
