package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A split's starting offset is a number from the moment it is assigned, never the connector's
 * "committed" or "earliest" marker: a checkpoint taken before the split's first fetch keeps what
 * the split was assigned, and a restore from it must start there, not at the group's offsets of the
 * restore's moment.
 */
class StartingOffsetsTest {
  private static final TopicPartition P0 = new TopicPartition("user_events", 0);
  private static final TopicPartition P1 = new TopicPartition("user_events", 1);
  private static final TopicPartition P2 = new TopicPartition("user_events", 2);

  /** The group committed 42 on p0 and nothing on p1 and p2; each log begins at 7. */
  private static final class Retriever implements OffsetsInitializer.PartitionOffsetsRetriever {
    @Override
    public Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions) {
      Map<TopicPartition, Long> committed = new HashMap<>();
      committed.put(P0, 42L);
      committed.put(P2, -1L);
      return committed;
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
      throw new AssertionError("not asked");
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
      Map<TopicPartition, Long> beginning = new HashMap<>();
      partitions.forEach(p -> beginning.put(p, 7L));
      return beginning;
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
        Map<TopicPartition, Long> timestampsToSearch) {
      throw new AssertionError("not asked");
    }
  }

  @Test
  void committedResolvesToTheGroupsOffsetsElseTheEarliest() {
    assertThat(
            StartingOffsets.COMMITTED
                .initializer()
                .getPartitionOffsets(List.of(P0, P1, P2), new Retriever()))
        .isEqualTo(Map.of(P0, 42L, P1, 7L, P2, 7L));
  }

  @Test
  void earliestResolvesToEachLogsBeginning() {
    assertThat(
            StartingOffsets.EARLIEST
                .initializer()
                .getPartitionOffsets(List.of(P0, P1), new Retriever()))
        .isEqualTo(Map.of(P0, 7L, P1, 7L));
  }

  @Test
  @SuppressWarnings("deprecation")
  void outOfRangeStartsAgainFromTheEarliest() {
    assertThat(StartingOffsets.COMMITTED.initializer().getAutoOffsetResetStrategy())
        .isEqualTo(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
  }
}
