package io.collabstream.runtime;

import static io.collabstream.runtime.TestSchemas.encode;
import static io.collabstream.runtime.TestSchemas.frame;
import static io.collabstream.runtime.TestSchemas.userEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.collabstream.events.UserEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator as a generated job wires it, on a real (mini) Flink cluster. */
class DecodeAndValidateMiniClusterTest {
  static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .build());

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Schema USER_V1 = TestSchemas.load("user_events.v1.avsc");
  static final Schema USER_V2 = TestSchemas.load("user_events.v2.avsc");

  static KafkaRawRecord raw(long offset, byte[] value) {
    return new KafkaRawRecord(
        "user_events", 0, offset, NOW.toEpochMilli(), "m".getBytes(StandardCharsets.UTF_8), value);
  }

  @Test
  void validEventsFlowAndBadOnesBecomeCountedDeadLetters() throws Exception {
    long ts = NOW.minusSeconds(10).toEpochMilli();
    byte[] notFramed = "{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    byte[] unknownId = frame(99, encode(userEvent(USER_V2, "join", "m-1", ts)));
    byte[] blankKey = frame(2, encode(userEvent(USER_V2, "join", "  ", ts)));
    byte[] farFuture =
        frame(2, encode(userEvent(USER_V2, "join", "m-1", NOW.plusSeconds(7200).toEpochMilli())));
    List<KafkaRawRecord> input =
        List.of(
            raw(0, frame(2, encode(userEvent(USER_V2, "join", "m-1", ts)))),
            raw(1, notFramed),
            raw(2, frame(1, encode(userEvent(USER_V1, "leave", "m-2", ts)))),
            raw(3, unknownId),
            raw(4, blankKey),
            raw(5, farFuture));

    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);

    SingleOutputStreamOperator<UserEvent> events =
        env.fromData(input, TypeInformation.of(KafkaRawRecord.class))
            .uid("raw-user_events")
            .name("raw user_events")
            .process(
                new DecodeAndValidate<>(
                    UserEvent.class,
                    StaticSchemaLookup.fromRegistryJson(
                        TestSchemas.SCHEMAS.resolve("registry.json")),
                    EventValidator.forClass(
                        UserEvent.class,
                        List.of("meeting_id"),
                        "timestamp",
                        ValidationLimits.defaults(),
                        Clock.fixed(NOW, ZoneOffset.UTC))))
            .uid("decode-user_events")
            .name("decode user_events");

    CloseableIterator<UserEvent> good = events.collectAsync();
    CloseableIterator<DeadLetter> bad =
        events.getSideOutput(DecodeAndValidate.DEAD_LETTERS).collectAsync();
    JobExecutionResult result = env.execute("decode-and-validate");

    List<UserEvent> accepted = drain(good);
    List<DeadLetter> deadLetters = drain(bad);

    assertThat(accepted)
        .extracting(UserEvent::getMeetingId, UserEvent::getClientPlatform)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("m-1", "web"),
            org.assertj.core.groups.Tuple.tuple("m-2", "unknown"));
    assertThat(deadLetters)
        .extracting(d -> d.offset + " " + d.reason)
        .containsExactlyInAnyOrder(
            "1 not-confluent-framed",
            "3 unknown-schema-id",
            "4 null-key",
            "5 timestamp-out-of-bounds");
    DeadLetter first = deadLetters.stream().filter(d -> d.offset == 1).findFirst().orElseThrow();
    assertThat(first.value).isEqualTo(notFramed);
    assertThat(first.key).isEqualTo("m".getBytes(StandardCharsets.UTF_8));
    assertThat(first.sourceTopic).isEqualTo("user_events");

    Map<String, Long> counts = new java.util.TreeMap<>();
    for (OperatorMetricGroup group :
        METRICS.findOperatorMetricGroups(result.getJobID(), "decode user_events")) {
      for (Map.Entry<String, Metric> m : METRICS.getMetricsByGroup(group).entrySet()) {
        if (m.getValue() instanceof Counter) {
          counts.merge(m.getKey(), ((Counter) m.getValue()).getCount(), Long::sum);
        }
      }
    }
    assertThat(counts)
        .containsEntry("eventsAccepted", 2L)
        .containsEntry("deadLetters_not_confluent_framed", 1L)
        .containsEntry("deadLetters_unknown_schema_id", 1L)
        .containsEntry("deadLetters_null_key", 1L)
        .containsEntry("deadLetters_timestamp_out_of_bounds", 1L)
        .containsEntry("deadLetters_bad_enum", 0L);
  }

  static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
    List<T> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
