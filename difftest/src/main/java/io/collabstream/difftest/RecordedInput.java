package io.collabstream.difftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.collabstream.runtime.KafkaRawRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Recorded Kafka records replayed in order by a checkpointed source: its position is part of every
 * savepoint, so a job restored from one continues with the next record. It can hold the stream open
 * after a number of records (the job stays running, idle, ready for stop-with-savepoint) instead of
 * ending it.
 */
final class RecordedInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Records handed to the job in this JVM (the harness runs Flink's local MiniCluster in-process).
   */
  static final AtomicLong EMITTED = new AtomicLong();

  private RecordedInput() {}

  static List<KafkaRawRecord> read(Path input) throws IOException {
    List<KafkaRawRecord> records = new ArrayList<>();
    for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode r = JSON.readTree(line);
      byte[] key =
          r.hasNonNull("key") ? r.get("key").asText().getBytes(StandardCharsets.UTF_8) : null;
      records.add(
          new KafkaRawRecord(
              r.get("topic").asText(),
              r.get("partition").asInt(),
              r.get("offset").asLong(),
              0L,
              key,
              Base64.getDecoder().decode(r.get("bytes").asText())));
    }
    return records;
  }

  /**
   * A source over the records of {@code input}; with {@code holdOpenAfter >= 0} it emits that many
   * (counting from where a restored position starts) and then waits forever, otherwise it ends
   * after the last record.
   */
  static DataGeneratorSource<KafkaRawRecord> source(Path input, long holdOpenAfter)
      throws IOException {
    long count = read(input).size();
    RateLimiterStrategy limiter =
        holdOpenAfter < 0 ? RateLimiterStrategy.noOp() : parallelism -> new HoldOpen(holdOpenAfter);
    return new DataGeneratorSource<>(
        new Replay(input.toString()), count, limiter, TypeInformation.of(KafkaRawRecord.class));
  }

  /** Index → the recorded record at that index, loaded once per reader. */
  private static final class Replay implements GeneratorFunction<Long, KafkaRawRecord> {
    private static final long serialVersionUID = 1L;
    private final String input;
    private transient List<KafkaRawRecord> records;

    Replay(String input) {
      this.input = input;
    }

    @Override
    public void open(SourceReaderContext context) throws Exception {
      records = read(Path.of(input));
    }

    @Override
    public KafkaRawRecord map(Long index) {
      EMITTED.incrementAndGet();
      return records.get(Math.toIntExact(index));
    }
  }

  /**
   * Grants a fixed number of records, then a future that never completes: the reader idles,
   * checkpoints go on.
   */
  private static final class HoldOpen implements RateLimiter {
    private long left;

    HoldOpen(long permits) {
      this.left = permits;
    }

    @Override
    public CompletionStage<Void> acquire(int requestSize) {
      left -= requestSize;
      return left >= 0 ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {}
  }
}
