package io.collabstream.bench;

import io.collabstream.runtime.KafkaRawRecord;
import io.collabstream.runtime.StaticSchemaLookup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays the pre-generated input (see {@link BenchInput}) into Kafka for the pipeline and latency
 * benchmarks (bench/src/pipeline.ts, bench/src/latency.ts): each record to its topic and partition,
 * its Confluent schema id rewritten to the id the real registry gave the topic's schema.
 *
 * <pre>
 * KafkaReplay --input F --bootstrap B --schema-id topic=id ... [--from M] [--limit N] [--rate R]
 *             [--boundary-ms 15000 --delay-ms 5000] [--registry schemas/registry.json]
 * </pre>
 *
 * It sends the input's records M (default 0) to N (default all). With {@code --rate} it paces the
 * records evenly (records/s); without, it sends as fast as the broker takes them. With {@code
 * --boundary-ms}, it prints a JSON line {@code {"boundary": b, "wallMs": t}} when every partition
 * has been sent an event at or after {@code b + delay}: the earliest wall-clock time a watermark
 * that trails each partition's newest event by {@code delay} can let windows ending at {@code b}
 * fire. It ends with {@code {"sent": n, "ms": t}}.
 */
public final class KafkaReplay {
  private KafkaReplay() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    Map<String, Integer> schemaIds = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (argv[i].equals("--schema-id")) {
        String[] pair = argv[i + 1].split("=", 2);
        schemaIds.put(pair[0], Integer.parseInt(pair[1]));
      } else {
        args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
      }
    }
    long limit = Long.parseLong(args.getOrDefault("limit", Long.toString(Long.MAX_VALUE)));
    int count = BenchInput.load(Path.of(args.get("input")), limit);
    int from = Integer.parseInt(args.getOrDefault("from", "0"));
    if (from < 0 || from > count) {
      throw new IllegalArgumentException("--from " + from + " is outside the input's " + count);
    }
    KafkaRawRecord[] records = BenchInput.loaded();
    double rate = Double.parseDouble(args.getOrDefault("rate", "0"));
    long boundaryMs = Long.parseLong(args.getOrDefault("boundary-ms", "0"));
    long delayMs = Long.parseLong(args.getOrDefault("delay-ms", "0"));
    long[] eventTimes = boundaryMs > 0 ? eventTimes(records, args) : null;
    for (KafkaRawRecord r : records) {
      Integer id = schemaIds.get(r.topic);
      if (id == null) {
        throw new IllegalArgumentException("no --schema-id for topic " + r.topic);
      }
      r.value[1] = (byte) (id >>> 24);
      r.value[2] = (byte) (id >>> 16);
      r.value[3] = (byte) (id >>> 8);
      r.value[4] = (byte) (int) id;
    }

    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args.get("bootstrap"));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, rate > 0 ? 2 : 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "collab-bench-replay");
    AtomicReference<Exception> failure = new AtomicReference<>();
    Watermark watermark = boundaryMs > 0 ? new Watermark(records, boundaryMs, delayMs) : null;
    long started = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = from; i < count; i++) {
        if (rate > 0) {
          long due = started + (long) ((i - from) * 1e9 / rate);
          long ahead = due - System.nanoTime();
          if (ahead > 0) {
            LockSupport.parkNanos(ahead);
          }
        }
        KafkaRawRecord r = records[i];
        producer.send(
            new ProducerRecord<>(r.topic, r.partition, r.key, r.value),
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
            });
        if (watermark != null) {
          watermark.sent(r, eventTimes[i]);
        }
        if (failure.get() != null) {
          throw failure.get();
        }
        if ((i + 1) % 500_000 == 0) {
          System.err.printf("replayed %d of %d records%n", i + 1 - from, count - from);
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    System.out.printf(
        "{\"sent\": %d, \"ms\": %d}%n",
        count - from, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private static long[] eventTimes(KafkaRawRecord[] records, Map<String, String> args) {
    AvroEvents avro =
        new AvroEvents(
            StaticSchemaLookup.fromRegistryJson(
                Path.of(args.getOrDefault("registry", "schemas/registry.json"))));
    AvroEvents.Decoded decoded = new AvroEvents.Decoded();
    long[] times = new long[records.length];
    for (int i = 0; i < records.length; i++) {
      if (!avro.decode(records[i], decoded)) {
        throw new IllegalStateException("record " + i + " of the bench input does not decode");
      }
      times[i] = decoded.timestamp;
    }
    return times;
  }

  /** The smallest, over every partition of the input, of the newest event time sent to it. */
  private static final class Watermark {
    private final Map<String, Integer> slots = new HashMap<>();
    private final long[] newest;
    private final long boundaryMs;
    private final long delayMs;
    private long nextBoundary = Long.MIN_VALUE;

    Watermark(KafkaRawRecord[] records, long boundaryMs, long delayMs) {
      for (KafkaRawRecord r : records) {
        slots.putIfAbsent(r.topic + "/" + r.partition, slots.size());
      }
      this.newest = new long[slots.size()];
      java.util.Arrays.fill(newest, Long.MIN_VALUE);
      this.boundaryMs = boundaryMs;
      this.delayMs = delayMs;
    }

    void sent(KafkaRawRecord r, long eventTime) {
      int slot = slots.get(r.topic + "/" + r.partition);
      if (eventTime <= newest[slot]) {
        return;
      }
      newest[slot] = eventTime;
      long min = Long.MAX_VALUE;
      for (long t : newest) {
        min = Math.min(min, t);
      }
      if (min == Long.MIN_VALUE) {
        return;
      }
      long reached = Math.floorDiv(min - delayMs, boundaryMs) * boundaryMs;
      if (nextBoundary == Long.MIN_VALUE) {
        nextBoundary = reached + boundaryMs; // the first boundary crossed while we watch
        return;
      }
      long now = System.currentTimeMillis();
      for (; nextBoundary <= reached; nextBoundary += boundaryMs) {
        System.out.printf("{\"boundary\": %d, \"wallMs\": %d}%n", nextBoundary, now);
      }
      System.out.flush();
    }
  }
}
