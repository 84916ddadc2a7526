package io.collabstream.runtime;

import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/** What a generated job produces before its sinks: dead letters, and each metric's output. */
public record JobOutputs(DataStream<DeadLetter> deadLetters, List<MetricOutput<?, ?>> metrics) {}
