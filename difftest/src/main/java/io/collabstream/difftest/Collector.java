package io.collabstream.difftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Collects JSON lines in this JVM. The harness runs Flink's local MiniCluster in its own process,
 * so a static list sees every line; it is never used in a real cluster.
 */
final class Collector implements Sink<String> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, List<String>> LINES = new ConcurrentHashMap<>();
  private final String name;

  Collector(String name) {
    this.name = name;
  }

  static void reset() {
    LINES.clear();
  }

  static List<String> lines(String name) {
    synchronized (LINES) {
      return new ArrayList<>(LINES.getOrDefault(name, List.of()));
    }
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) {
    return new SinkWriter<>() {
      @Override
      public void write(String element, Context context) {
        synchronized (LINES) {
          LINES.computeIfAbsent(name, n -> new ArrayList<>()).add(element);
        }
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
