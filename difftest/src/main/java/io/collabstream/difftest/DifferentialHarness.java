package io.collabstream.difftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.collabstream.runtime.DeadLetter;
import io.collabstream.runtime.GeneratedJob;
import io.collabstream.runtime.JobConfig;
import io.collabstream.runtime.JobOutputs;
import io.collabstream.runtime.JobRunner;
import io.collabstream.runtime.JobSinks;
import io.collabstream.runtime.JobWorkflow;
import io.collabstream.runtime.KafkaRawRecord;
import io.collabstream.runtime.MetricInput;
import io.collabstream.runtime.MetricOutput;
import io.collabstream.runtime.MetricRow;
import io.collabstream.runtime.OperatorIds;
import io.collabstream.runtime.RowsToAvro;
import io.collabstream.runtime.SchemaLookupFactory;
import io.collabstream.runtime.StaticSchemaLookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs generated jobs over recorded input on a local MiniCluster, the way the differential tests
 * need: one merged bounded source in the recorded order, the watermark emitted after every event,
 * rows written by the job's own Parquet sink and read back, dead letters and late events collected.
 *
 * <p>Usage: {@code DifferentialHarness <runs.json>}, where runs.json is {@code {"schemas": {"<id>":
 * <avro schema>}, "runs": [{"jobClass", "input", "outDir", "tables": {"<metric id>":
 * "<table>"}}]}}. Input lines are {@code {"topic", "partition", "offset", "bytes": "<base64>"}}.
 * Per run it writes {@code rows.jsonl} ({@code {"metric", ...row}}), {@code dead-letters.jsonl},
 * {@code late.jsonl} and {@code files.json} (the Parquet files with their compression codec) into
 * outDir.
 */
public final class DifferentialHarness {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DifferentialHarness() {}

  public static void main(String[] args) throws Exception {
    JsonNode manifest = JSON.readTree(Path.of(args[0]).toFile());
    StaticSchemaLookup schemas = schemasOf(manifest.get("schemas"));
    for (JsonNode run : manifest.get("runs")) {
      long started = System.nanoTime();
      runOne(run, schemas);
      System.out.printf(
          "difftest: %s over %s in %d ms%n",
          run.get("jobClass").asText(),
          run.get("input").asText(),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  private static StaticSchemaLookup schemasOf(JsonNode node) {
    Map<Integer, Schema> byId = new HashMap<>();
    node.fields()
        .forEachRemaining(
            e ->
                byId.put(
                    Integer.parseInt(e.getKey()),
                    new Schema.Parser().parse(e.getValue().toString())));
    return new StaticSchemaLookup(byId);
  }

  private static StreamExecutionEnvironment environment(
      String restoreFrom, boolean allowNonRestoredState) {
    Configuration conf = new Configuration();
    if (restoreFrom != null) {
      // Unless the run says so, every operator of the savepoint must find its uid in the new job:
      // nothing is dropped silently.
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
      conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestoredState);
    }
    JobRunner.graphOptions(conf);
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    // A failure must end the run with its cause, not restart forever (checkpointing implies
    // fixed-delay restarts).
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    // Bulk Parquet files are committed on checkpoints; the final checkpoint after the bounded input
    // commits the rest.
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, java.time.Duration.ofMillis(500));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    return env;
  }

  private static void runOne(JsonNode run, SchemaLookupFactory schemas) throws Exception {
    GeneratedJob<?> job =
        (GeneratedJob<?>)
            Class.forName(run.get("jobClass").asText()).getDeclaredConstructor().newInstance();
    Path input = Path.of(run.get("input").asText());
    Path outDir = Path.of(run.get("outDir").asText());
    Path lakeDir = run.hasNonNull("lakeDir") ? Path.of(run.get("lakeDir").asText()) : outDir;
    @SuppressWarnings("unchecked")
    Map<String, String> tables = JSON.convertValue(run.get("tables"), Map.class);
    long stopAfter = run.path("stopWithSavepointAfter").asLong(-1);
    String restoreFrom =
        run.hasNonNull("restoreFromRunIn")
            ? Files.readString(
                    Path.of(run.get("restoreFromRunIn").asText()).resolve("savepoint.txt"))
                .trim()
            : null;
    boolean allowNonRestoredState = run.path("allowNonRestoredState").asBoolean(false);
    boolean productionSinkUids = run.path("productionSinkUids").asBoolean(false);
    Files.createDirectories(outDir);
    Collector.reset();
    StreamExecutionEnvironment env = environment(restoreFrom, allowNonRestoredState);
    DataStream<KafkaRawRecord> raw =
        env.fromSource(
                RecordedInput.source(input, stopAfter),
                WatermarkStrategy.noWatermarks(),
                "recorded input")
            .uid("difftest.source");
    JobOutputs outputs =
        JobWorkflow.defineWorkflow(
            job, raw, schemas, job.validationLimits(JobConfig.of(Map.of(), Map.of())), true);
    outputs
        .deadLetters()
        .map(DifferentialHarness::deadLetterJson)
        .uid("difftest.dead_letters.json")
        .sinkTo(new Collector("dead-letters"))
        .uid("difftest.dead_letters");
    for (MetricOutput<?, ?> metric : outputs.metrics()) {
      collect(metric, lakeDir, tables.get(metric.spec().id()), productionSinkUids);
    }
    RecordedInput.EMITTED.set(0);
    if (stopAfter < 0) {
      env.execute("difftest " + job.getClass().getSimpleName());
    } else {
      stopWithSavepointAfter(env, job.getClass(), stopAfter, outDir);
    }
    Files.writeString(outDir.resolve("emitted.txt"), Long.toString(RecordedInput.EMITTED.get()));
    Files.write(outDir.resolve("dead-letters.jsonl"), Collector.lines("dead-letters"));
    Files.write(outDir.resolve("late.jsonl"), Collector.lines("late"));
    ParquetReadBack.write(
        lakeDir, tables, outDir.resolve("rows.jsonl"), outDir.resolve("files.json"));
  }

  /**
   * Runs until the source has handed out {@code records}, then stops the job with a savepoint (no
   * drain).
   */
  private static void stopWithSavepointAfter(
      StreamExecutionEnvironment env, Class<?> job, long records, Path outDir) throws Exception {
    JobClient client = env.executeAsync("difftest " + job.getSimpleName());
    long deadline = System.currentTimeMillis() + 120_000;
    while (RecordedInput.EMITTED.get() < records) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "the job did not read " + records + " records within 120 s");
      }
      Thread.sleep(20);
    }
    String savepoint =
        client
            .stopWithSavepoint(
                false,
                outDir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL)
            .get();
    client.getJobExecutionResult().get();
    Files.writeString(outDir.resolve("savepoint.txt"), savepoint);
  }

  /**
   * A metric's late events to the "late" collector, its rows through its own Avro form into the
   * job's Parquet sink. The uids are those of the savepoints in difftest/fixtures, or with {@code
   * productionSinkUids} the lake sink's uids in production (they name the table: the plan restore
   * tests rename it).
   */
  private static <I extends MetricInput, R extends MetricRow> void collect(
      MetricOutput<I, R> output, Path lakeDir, String table, boolean productionSinkUids) {
    String metric = output.spec().id();
    output
        .late()
        .map(late -> "{\"metric\":\"" + metric + "\"}")
        .uid("difftest.late." + metric + ".json")
        .sinkTo(new Collector("late"))
        .uid("difftest.late." + metric);
    String avroSchema = output.metric().avroSchema();
    output
        .rows()
        .map(new RowsToAvro<R>(avroSchema))
        .returns(new GenericRecordAvroTypeInfo(new Schema.Parser().parse(avroSchema)))
        .uid(
            productionSinkUids
                ? OperatorIds.toParquetUid(metric, table)
                : "difftest.rows." + metric)
        .sinkTo(
            JobSinks.lakeSink(
                lakeDir.resolve("metrics").resolve(table).toUri().toString(), avroSchema, table))
        .uid(
            productionSinkUids
                ? OperatorIds.lakeSinkUid(metric, table)
                : "difftest.lake." + metric);
  }

  private static String deadLetterJson(DeadLetter d) {
    ObjectNode node = JSON.createObjectNode();
    node.put("reason", d.reason);
    node.put("topic", d.sourceTopic);
    node.put("partition", d.partition);
    node.put("offset", d.offset);
    node.put("detail", d.detail);
    return node.toString();
  }

  /**
   * All Parquet files the job finished under outDir/metrics, never in-progress ones nor the commit
   * ledger: like Trino, it skips every file or directory whose name starts with "." or "_".
   */
  static List<Path> finishedFiles(Path tableDir) throws IOException {
    if (!Files.exists(tableDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(tableDir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !hidden(tableDir.relativize(p)))
          .sorted()
          .toList();
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".") || part.toString().startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  static ArrayNode newArray() {
    return JSON.createArrayNode();
  }
}
