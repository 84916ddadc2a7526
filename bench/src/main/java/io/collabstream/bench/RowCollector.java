package io.collabstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The one sink every contender writes to: rows kept in this JVM (the MiniCluster runs in-process),
 * written out and diffed after the timed run. Dead letters and late events are only counted. Rows
 * are kept as the contender made them (a {@link BenchRow}, a generated job's row, a SQL {@code
 * Row}), so that turning them into JSON happens after the clock has stopped.
 *
 * @param <T> the rows of the one job of this JVM
 */
final class RowCollector<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final List<Object> ROWS = new ArrayList<>();
  static final AtomicLong DEAD_LETTERS = new AtomicLong();
  static final AtomicLong LATE = new AtomicLong();

  /** Every row collected, as the type the job's sink was declared with (one job per JVM). */
  @SuppressWarnings("unchecked")
  static <R> List<R> rows() {
    synchronized (ROWS) {
      return new ArrayList<>((List<R>) (List<?>) ROWS);
    }
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new SinkWriter<>() {
      private final List<T> buffer = new ArrayList<>();

      @Override
      public void write(T row, Context context) {
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
