package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.junit.jupiter.api.Test;

class EventTimeDateBucketAssignerTest {
  static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void utcDateAtDayBoundaries() {
    EventTimeDateBucketAssigner<Long> assigner = new EventTimeDateBucketAssigner<>(t -> t);
    assertThat(assigner.getBucketId(ms("2026-03-01T23:59:59.999Z"), null))
        .isEqualTo("date=2026-03-01");
    assertThat(assigner.getBucketId(ms("2026-03-02T00:00:00Z"), null)).isEqualTo("date=2026-03-02");
    assertThat(assigner.getBucketId(ms("2024-02-29T12:00:00Z"), null)).isEqualTo("date=2024-02-29");
    assertThat(assigner.getBucketId(ms("2025-12-31T23:59:59.999Z"), null))
        .isEqualTo("date=2025-12-31");
    assertThat(assigner.getBucketId(ms("2026-01-01T00:00:00Z"), null)).isEqualTo("date=2026-01-01");
    assertThat(assigner.getBucketId(0L, null)).isEqualTo("date=1970-01-01");
    assertThat(assigner.getBucketId(-1L, null)).isEqualTo("date=1969-12-31");
  }

  @Test
  void ignoresProcessingTimeAndTheJvmTimeZone() {
    // A window that started late on 1 March, written out on 2 March, belongs to 1 March.
    long windowStart = ms("2026-03-01T23:59:30Z");
    EventTimeDateBucketAssigner<Long> assigner = new EventTimeDateBucketAssigner<>(t -> t);
    var context =
        new org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner.Context() {
          @Override
          public long currentProcessingTime() {
            return ms("2026-03-02T00:05:00Z");
          }

          @Override
          public long currentWatermark() {
            return ms("2026-03-02T00:00:10Z");
          }

          @Override
          public Long timestamp() {
            return ms("2026-03-02T00:00:00Z");
          }
        };
    java.util.TimeZone saved = java.util.TimeZone.getDefault();
    try {
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
      assertThat(assigner.getBucketId(windowStart, context)).isEqualTo("date=2026-03-01");
    } finally {
      java.util.TimeZone.setDefault(saved);
    }
  }

  @Test
  void serializerRoundTrips() throws IOException {
    var serializer = new EventTimeDateBucketAssigner<Long>(t -> t).getSerializer();
    byte[] bytes =
        SimpleVersionedSerialization.writeVersionAndSerialize(serializer, "date=2026-03-01");
    assertThat(SimpleVersionedSerialization.readVersionAndDeSerialize(serializer, bytes))
        .isEqualTo("date=2026-03-01");
  }
}
