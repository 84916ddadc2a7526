package io.collabstream.runtime;

import java.time.LocalDate;
import java.util.Objects;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each row in {@code date=YYYY-MM-DD} by the UTC date of its event time (for metric rows: the
 * window start), matching the lake's Hive partitioning. Flink's {@code DateTimeBucketAssigner} uses
 * processing time, which would file a late or replayed window under the wrong day.
 */
public final class EventTimeDateBucketAssigner<T> implements BucketAssigner<T, String> {
  private static final long serialVersionUID = 1L;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final EventTimeExtractor<T> eventTime;

  public EventTimeDateBucketAssigner(EventTimeExtractor<T> eventTime) {
    this.eventTime = Objects.requireNonNull(eventTime, "eventTime");
  }

  @Override
  public String getBucketId(T element, Context context) {
    return bucketFor(eventTime.eventTimeMillis(element));
  }

  /** {@code date=YYYY-MM-DD} for epoch millis, UTC; floor division so pre-1970 times work too. */
  public static String bucketFor(long epochMillis) {
    return "date=" + LocalDate.ofEpochDay(Math.floorDiv(epochMillis, MILLIS_PER_DAY));
  }

  @Override
  public SimpleVersionedSerializer<String> getSerializer() {
    return SimpleVersionedStringSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "EventTimeDateBucketAssigner(date=YYYY-MM-DD, UTC)";
  }
}
