package io.collabstream.bench;

import io.collabstream.runtime.GeneratedJob;
import io.collabstream.runtime.MetricRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * One timed run of a feature metric of bench/jobs/ (issue #17: a session window, exact
 * percentiles), generated or in Flink SQL, timed as {@link TimedRun} says. Usage: {@code
 * FeatureMain --contender generated|sql --job sessions|percentiles --class <the generated job's
 * class> --input <file> --rows <out.jsonl> --result <out.json> [--limit n] [--parallelism 1]
 * [--registry schemas/registry.json]}.
 *
 * <p>The generated job is not part of this module: the driver compiles bench/jobs/*.ts with the
 * project's compiler and puts the classes on this JVM's classpath, so it is loaded by name. Rows
 * are written sorted by (meeting_id, window_end): within a key, sessions never overlap and tumbling
 * windows are disjoint, so this is also the order of window_start.
 */
public final class FeatureMain {
  private FeatureMain() {}

  /** One output row, ready to write. */
  private record Line(String key, long windowEnd, String json) {}

  private static final Comparator<Line> ORDER =
      Comparator.comparing(Line::key).thenComparingLong(Line::windowEnd);

  public static void main(String[] argv) throws Exception {
    Map<String, String> args =
        TimedRun.parse(argv, List.of("contender", "job", "class", "input", "rows", "result"));
    String contender = args.get("contender");
    String job = args.get("job");
    FeatureSql.query(job); // rejects an unknown --job before anything runs
    TimedRun.run(
        args,
        (env, raw, schemas) -> {
          switch (contender) {
            case "generated" -> GeneratedJobs.collect(load(args.get("class")), raw, schemas);
            case "sql" -> FeatureSql.collect(StreamTableEnvironment.create(env), raw, schemas, job);
            default ->
                throw new IllegalArgumentException("--contender generated|sql, not " + contender);
          }
        },
        out -> {
          List<Line> lines = new ArrayList<>();
          for (Object row : RowCollector.rows()) {
            lines.add(line(row));
          }
          lines.sort(ORDER);
          for (Line l : lines) {
            out.write(l.json());
            out.write('\n');
          }
          return lines.size();
        });
    System.exit(0);
  }

  private static GeneratedJob<?> load(String className) throws ReflectiveOperationException {
    return (GeneratedJob<?>) Class.forName(className).getDeclaredConstructor().newInstance();
  }

  private static Line line(Object row) {
    if (row instanceof MetricRow m) {
      return new Line(m.key(), m.windowEnd(), m.toJson());
    }
    Row r = (Row) row;
    return new Line(
        (String) r.getField("meeting_id"),
        SqlJob.epochMillis(r.getField("window_end")),
        FeatureSql.toJson(r));
  }
}
