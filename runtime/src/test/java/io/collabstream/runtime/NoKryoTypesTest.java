package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.collabstream.events.ChatEvent;
import io.collabstream.events.MeetingEvent;
import io.collabstream.events.UserEvent;
import io.collabstream.events.UserEventType;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Everything that flows between operators is a POJO or Avro type, so generic types can be off. */
class NoKryoTypesTest {
  static SerializerConfig genericTypesDisabled() {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    SerializerConfig config = env.getConfig().getSerializerConfig();
    assertThat(config.hasGenericTypesDisabled()).isTrue();
    return config;
  }

  static <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
    // With generic types disabled, createSerializer throws for any Kryo-backed (sub)type.
    TypeSerializer<T> serializer = type.createSerializer(genericTypesDisabled());
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  static void assertNoGenericFields(PojoTypeInfo<?> pojo) {
    for (int i = 0; i < pojo.getArity(); i++) {
      assertThat(pojo.getTypeAt(i))
          .as(
              "%s.%s",
              pojo.getTypeClass().getSimpleName(), pojo.getPojoFieldAt(i).getField().getName())
          .isNotInstanceOf(GenericTypeInfo.class);
    }
  }

  @Test
  void kafkaRawRecordIsAPojo() throws IOException {
    TypeInformation<KafkaRawRecord> type = TypeInformation.of(KafkaRawRecord.class);
    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    assertNoGenericFields((PojoTypeInfo<?>) type);
    assertThat(new RawRecordDeserializationSchema().getProducedType()).isEqualTo(type);
    KafkaRawRecord r = new KafkaRawRecord("t", 1, 2, 3, null, new byte[] {0, 1});
    assertThat(roundTrip(type, r)).isEqualTo(r);
  }

  @Test
  void deadLetterIsAPojo() throws IOException {
    TypeInformation<DeadLetter> type = TypeInformation.of(DeadLetter.class);
    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    assertNoGenericFields((PojoTypeInfo<?>) type);
    assertThat(DecodeAndValidate.DEAD_LETTERS.getTypeInfo()).isEqualTo(type);
    DeadLetter d =
        DeadLetter.of(
            new KafkaRawRecord("t", 1, 2, 3, new byte[] {7}, null), DeadLetterReason.BAD_ENUM, "x");
    assertThat(roundTrip(type, d)).isEqualTo(d);
  }

  @Test
  void eventClassesAreAvroTypes() throws IOException {
    for (Class<?> c : List.of(UserEvent.class, ChatEvent.class, MeetingEvent.class)) {
      assertThat(TypeInformation.of(c)).as(c.getSimpleName()).isInstanceOf(AvroTypeInfo.class);
      TypeInformation.of(c).createSerializer(genericTypesDisabled());
    }
    UserEvent e =
        UserEvent.newBuilder()
            .setEventId("e")
            .setEventType(UserEventType.leave)
            .setMeetingId("m")
            .setUserId("u")
            .setOrgId("o")
            .setTimestamp(Instant.parse("2026-03-01T12:00:00.123Z"))
            .build();
    // Avro 1.12 with Flink's AvroSerializer, including the timestamp-millis → Instant conversion.
    assertThat(roundTrip(TypeInformation.of(UserEvent.class), e)).isEqualTo(e);
  }

  @Test
  void decodeOperatorDeclaresAnAvroType() {
    DecodeAndValidate<UserEvent> op =
        new DecodeAndValidate<>(
            UserEvent.class,
            new StaticSchemaLookup(java.util.Map.of()),
            EventValidator.forClass(
                UserEvent.class,
                List.of("meeting_id"),
                "timestamp",
                ValidationLimits.defaults(),
                Clock.systemUTC()));
    assertThat(op.getProducedType()).isInstanceOf(AvroTypeInfo.class);
  }
}
