package io.collabstream.runtime;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;

/**
 * The current key's presence state, wherever a window fires: the window operator's global state for
 * tumbling windows, the pane operator's keyed state for sliding ones.
 */
@FunctionalInterface
public interface PresenceLookup {
  MapState<String, Long> presence(MapStateDescriptor<String, Long> descriptor) throws Exception;
}
