package io.collabstream.runtime;

import java.time.Duration;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Keyed state of presence gauges: member → newest mark, with a processing-time TTL as a backstop.
 */
public final class PresenceStates {
  private PresenceStates() {}

  /**
   * The event-time expiry of docs/SEMANTICS.md is applied when a window fires; this TTL only cleans
   * up keys that go quiet, so it must be longer than the presence TTL.
   */
  public static MapStateDescriptor<String, Long> descriptor(String name, long ttlMillis) {
    MapStateDescriptor<String, Long> descriptor =
        new MapStateDescriptor<>(name, Types.STRING, Types.LONG);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(Duration.ofMillis(ttlMillis))
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    return descriptor;
  }
}
