package io.collabstream.runtime;

import java.io.Serializable;
import java.time.Duration;

/** The watermark a source declares for its topic in the DSL. */
public record TopicWatermark(String topic, Duration maxOutOfOrder, Duration idleAfter)
    implements Serializable {}
