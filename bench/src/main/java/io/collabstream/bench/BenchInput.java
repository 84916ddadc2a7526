package io.collabstream.bench;

import io.collabstream.runtime.KafkaRawRecord;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The pre-generated input (bench/src/input.ts): Kafka records of Confluent-framed Avro, in the
 * order a consumer would read them, loaded into memory before the timed run and replayed by a
 * bounded source. Format: "CSB1", u32 topic count, per topic a u16-length UTF-8 name, u32 record
 * count, then per record u8 topic index, u8 partition, u16 key length, key, u16 value length,
 * value. Offsets are numbered per topic and partition, as Kafka would.
 */
public final class BenchInput {
  private static volatile KafkaRawRecord[] records = new KafkaRawRecord[0];

  /** Wall and process-CPU nanoseconds when the first record left the source (0 before). */
  static final AtomicLong FIRST_RECORD_NANOS = new AtomicLong();

  static final AtomicLong FIRST_RECORD_CPU_NANOS = new AtomicLong();

  private BenchInput() {}

  /** Loads the first {@code limit} records (all when the file holds fewer). */
  static int load(Path file, long limit) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      byte[] magic = in.readNBytes(4);
      if (!"CSB1".equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new IOException(file + " is not a bench input file (CSB1)");
      }
      int topicCount = in.readInt();
      String[] topics = new String[topicCount];
      for (int i = 0; i < topicCount; i++) {
        topics[i] = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
      }
      int count = (int) Math.min(in.readInt(), limit);
      KafkaRawRecord[] loaded = new KafkaRawRecord[count];
      Map<Integer, Long> nextOffset = new HashMap<>();
      for (int i = 0; i < count; i++) {
        int topic = in.readUnsignedByte();
        int partition = in.readUnsignedByte();
        byte[] key = in.readNBytes(in.readUnsignedShort());
        byte[] value = in.readNBytes(in.readUnsignedShort());
        long offset = nextOffset.merge(topic * 256 + partition, 1L, Long::sum) - 1;
        loaded[i] = new KafkaRawRecord(topics[topic], partition, offset, 0L, key, value);
      }
      records = loaded;
      return count;
    }
  }

  /** The records of the last {@link #load}. */
  static KafkaRawRecord[] loaded() {
    return records;
  }

  /**
   * A bounded source over the loaded records. With parallelism p the generator's index range is
   * split into p equal ranges, one per subtask; index {@code j * n + k} of split j is mapped to
   * record {@code k * p + j}, so every subtask reads every p-th record in order (like p Kafka
   * partitions read side by side) instead of one contiguous block of event time each.
   */
  static DataGeneratorSource<KafkaRawRecord> source(int parallelism) {
    long usable = records.length - records.length % parallelism;
    return new DataGeneratorSource<>(
        new Replay(parallelism, usable / parallelism),
        usable,
        TypeInformation.of(KafkaRawRecord.class));
  }

  /** Index → the loaded record; notes when the first one leaves. */
  private static final class Replay implements GeneratorFunction<Long, KafkaRawRecord> {
    private static final long serialVersionUID = 1L;
    private final int parallelism;
    private final long perSplit;

    Replay(int parallelism, long perSplit) {
      this.parallelism = parallelism;
      this.perSplit = perSplit;
    }

    @Override
    public void open(SourceReaderContext context) {}

    @Override
    public KafkaRawRecord map(Long index) {
      if (FIRST_RECORD_NANOS.get() == 0 && FIRST_RECORD_NANOS.compareAndSet(0, System.nanoTime())) {
        FIRST_RECORD_CPU_NANOS.set(processCpuNanos());
      }
      long split = index / perSplit;
      long k = index % perSplit;
      return records[Math.toIntExact(k * parallelism + split)];
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
