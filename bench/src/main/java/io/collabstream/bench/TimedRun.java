package io.collabstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.collabstream.runtime.JobRunner;
import io.collabstream.runtime.KafkaRawRecord;
import io.collabstream.runtime.StaticSchemaLookup;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The measuring half every benchmark main shares ({@link ThroughputMain}, {@link FeatureMain}), so
 * that every contender of every part is timed the same way: the input is loaded into memory first;
 * the clock and the process CPU time start when the first record leaves the source and stop when
 * the bounded job has finished (every window fired). The rows are written out after the clock has
 * stopped, and the measurements go to {@code --result} as one JSON object.
 */
final class TimedRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Adds one contender's operators after the source, ending in {@link RowCollector}. */
  @FunctionalInterface
  interface Pipeline {
    void build(
        StreamExecutionEnvironment env, DataStream<KafkaRawRecord> raw, StaticSchemaLookup schemas)
        throws Exception;
  }

  /** Writes the collected rows, one JSON object a line, in a stable order; returns how many. */
  @FunctionalInterface
  interface RowWriter {
    int write(BufferedWriter out) throws IOException;
  }

  private TimedRun() {}

  static void run(Map<String, String> args, Pipeline pipeline, RowWriter rows) throws Exception {
    String contender = args.get("contender");
    String job = args.get("job");
    int parallelism = Integer.parseInt(args.getOrDefault("parallelism", "1"));
    StaticSchemaLookup schemas =
        StaticSchemaLookup.fromRegistryJson(
            Path.of(args.getOrDefault("registry", "schemas/registry.json")));

    long loadStart = System.nanoTime();
    int events =
        BenchInput.load(
            Path.of(args.get("input")),
            Long.parseLong(args.getOrDefault("limit", "9223372036854775807")));
    events -= events % parallelism;
    long loadMs = (System.nanoTime() - loadStart) / 1_000_000;

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration(contender));
    DataStream<KafkaRawRecord> raw =
        env.fromSource(
                BenchInput.source(parallelism), WatermarkStrategy.noWatermarks(), "bench input")
            .uid("bench.source");
    pipeline.build(env, raw, schemas);

    long gcBefore = gcMillis();
    long cpuBefore = BenchInput.processCpuNanos();
    long wallBefore = System.nanoTime();
    env.execute("bench " + contender + " " + job);
    long wallAfter = System.nanoTime();
    long cpuAfter = BenchInput.processCpuNanos();
    long gcAfter = gcMillis();

    long first = BenchInput.FIRST_RECORD_NANOS.get();
    long firstCpu = BenchInput.FIRST_RECORD_CPU_NANOS.get();
    int rowCount;
    try (BufferedWriter w =
        Files.newBufferedWriter(Path.of(args.get("rows")), StandardCharsets.UTF_8)) {
      rowCount = rows.write(w);
    }

    ObjectNode result = JSON.createObjectNode();
    result.put("contender", contender);
    result.put("job", job);
    result.put("events", events);
    result.put("parallelism", parallelism);
    result.put("loadMs", loadMs);
    result.put("executeMs", (wallAfter - wallBefore) / 1_000_000.0);
    result.put("processingMs", (wallAfter - first) / 1_000_000.0);
    result.put("cpuMs", (cpuAfter - firstCpu) / 1_000_000.0);
    result.put("executeCpuMs", (cpuAfter - cpuBefore) / 1_000_000.0);
    result.put("gcMs", gcAfter - gcBefore);
    result.put("rows", rowCount);
    result.put("deadLetters", RowCollector.DEAD_LETTERS.get());
    result.put("late", RowCollector.LATE.get());
    result.put("eventsPerSecond", events / ((wallAfter - first) / 1e9));
    result.put("cpuMicrosPerEvent", (cpuAfter - firstCpu) / 1000.0 / events);
    result.put("javaVersion", System.getProperty("java.version"));
    result.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    Files.writeString(Path.of(args.get("result")), result.toPrettyString());
    System.out.println(result);
  }

  /**
   * The same for every contender: RocksDB, no Kryo, no restarts, no checkpoints (see README). The
   * generated jobs run with production's graph options ({@link JobRunner#graphOptions}: object
   * reuse on), except {@code generated-copying}, the same job with object reuse off.
   */
  static Configuration configuration(String contender) {
    Configuration conf = new Configuration();
    if (contender.startsWith("generated")) {
      JobRunner.graphOptions(conf);
      conf.set(PipelineOptions.OBJECT_REUSE, !contender.equals("generated-copying"));
    }
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512m"));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** {@code --name value} pairs; {@code required} must all be there. */
  static Map<String, String> parse(String[] argv, List<String> required) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + argv[i]);
      }
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    for (String name : required) {
      if (!args.containsKey(name)) {
        throw new IllegalArgumentException("missing --" + name);
      }
    }
    return args;
  }
}
