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
   * A JVM system property of the TaskManagers (e.g. in {@code env.java.opts.taskmanager}): the
   * backstop in milliseconds instead of the compiled one. The backstop counts processing time, so a
   * job restored from a savepoint taken longer ago than the backstop finds every presence entry
   * expired, where event time alone would keep them (a replay of a recorded stream, a job stopped
   * for days that resumes its backlog): raise it for such a restore. Changing the duration keeps
   * the state restorable; only switching TTL off would not.
   */
  public static final String BACKSTOP_PROPERTY = "collab.presence.state-backstop-ms";

  /**
   * The event-time expiry of docs/SEMANTICS.md is applied when a window fires; this TTL only cleans
   * up keys that go quiet, so it must be longer than the presence TTL.
   */
  public static MapStateDescriptor<String, Long> descriptor(String name, long backstopMillis) {
    MapStateDescriptor<String, Long> descriptor =
        new MapStateDescriptor<>(name, Types.STRING, Types.LONG);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(
                Duration.ofMillis(Long.getLong(BACKSTOP_PROPERTY, backstopMillis)))
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    return descriptor;
  }
}
