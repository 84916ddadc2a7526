package io.collabstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The one sink every contender writes to: rows kept in this JVM (the MiniCluster runs in-process),
 * written out and diffed after the timed run. Dead letters and late events are only counted.
 */
final class RowCollector implements Sink<BenchRow> {
  private static final long serialVersionUID = 1L;
  private static final List<BenchRow> ROWS = new ArrayList<>();
  static final AtomicLong DEAD_LETTERS = new AtomicLong();
  static final AtomicLong LATE = new AtomicLong();

  static List<BenchRow> rows() {
    synchronized (ROWS) {
      return new ArrayList<>(ROWS);
    }
  }

  @Override
  public SinkWriter<BenchRow> createWriter(WriterInitContext context) {
    return new SinkWriter<>() {
      private final List<BenchRow> buffer = new ArrayList<>();

      @Override
      public void write(BenchRow row, Context context) {
        buffer.add(row);
        if (buffer.size() >= 4096) {
          drain();
        }
      }

      private void drain() {
        synchronized (ROWS) {
          ROWS.addAll(buffer);
        }
        buffer.clear();
      }

      @Override
      public void flush(boolean endOfInput) {
        drain();
      }

      @Override
      public void close() {
        drain();
      }
    };
  }
}
