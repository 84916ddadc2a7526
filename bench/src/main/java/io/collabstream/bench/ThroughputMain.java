package io.collabstream.bench;

import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * One timed run of one contender over the pre-generated input, in a fresh JVM (bench/src/run.ts
 * starts one per run and interleaves them). Usage: {@code ThroughputMain --contender
 * generated|handwritten|sql --job metrics30s|trends60s --input <file> --rows <out.jsonl> --result
 * <out.json> [--limit <first n records>] [--parallelism 1] [--registry schemas/registry.json]}.
 *
 * <p>Timed as {@link TimedRun} says; the rows are written sorted by (meeting_id, window_start).
 */
public final class ThroughputMain {
  private ThroughputMain() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args =
        TimedRun.parse(argv, List.of("contender", "job", "input", "rows", "result"));
    String contender = args.get("contender");
    String job = args.get("job");
    boolean sliding =
        switch (job) {
          case "metrics30s" -> false;
          case "trends60s" -> true;
          default -> throw new IllegalArgumentException("--job metrics30s|trends60s, not " + job);
        };
    TimedRun.run(
        args,
        (env, raw, schemas) -> {
          DataStream<BenchRow> rows =
              switch (contender) {
                case "generated", "generated-copying" ->
                    GeneratedJobs.build(env, raw, schemas, sliding);
                case "handwritten" -> HandWrittenJob.build(raw, schemas, sliding);
                case "sql" ->
                    SqlJob.build(StreamTableEnvironment.create(env), raw, schemas, sliding);
                default ->
                    throw new IllegalArgumentException(
                        "--contender generated|generated-copying|handwritten|sql, not "
                            + contender);
              };
          rows.sinkTo(new RowCollector<>()).uid("bench.sink").name("collect rows");
        },
        out -> {
          List<BenchRow> rows = RowCollector.rows();
          rows.sort(BenchRow.ORDER);
          for (BenchRow r : rows) {
            out.write(r.toJson());
            out.write('\n');
          }
          return rows.size();
        });
    System.exit(0);
  }
}
