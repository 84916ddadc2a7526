package io.collabstream.runtime;

import static io.collabstream.runtime.TestSchemas.encode;
import static io.collabstream.runtime.TestSchemas.frame;
import static io.collabstream.runtime.TestSchemas.raw;
import static io.collabstream.runtime.TestSchemas.userEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.collabstream.events.ChatEvent;
import io.collabstream.events.ChatEventType;
import io.collabstream.events.UserEvent;
import io.collabstream.events.UserEventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class ConfluentAvroDecoderTest {
  static final Schema USER_V1 = TestSchemas.load("user_events.v1.avsc");
  static final Schema USER_V2 = TestSchemas.load("user_events.v2.avsc");
  static final Schema CHAT_V1 = TestSchemas.load("chat_events.v1.avsc");

  /** user_events with a symbol the reader does not know. */
  static final Schema USER_EXTRA_SYMBOL =
      TestSchemas.parse(
          USER_V1.toString().replace("[\"join\",\"leave\"]", "[\"join\",\"leave\",\"kick\"]"));

  /** user_events without org_id, which the reader requires (no default). */
  static final Schema USER_NO_ORG =
      TestSchemas.parse(
          "{'type':'record','name':'UserEvent','namespace':'io.collabstream.events','fields':["
              + "{'name':'event_id','type':'string'},"
              + "{'name':'event_type','type':{'type':'enum','name':'UserEventType','symbols':['join','leave']}},"
              + "{'name':'meeting_id','type':'string'},{'name':'user_id','type':'string'},"
              + "{'name':'timestamp','type':{'type':'long','logicalType':'timestamp-millis'}}]}");

  /** user_events whose timestamp is a string: cannot be read as the reader's long. */
  static final Schema USER_STRING_TIME =
      TestSchemas.parse(
          USER_V1
              .toString()
              .replace("{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}", "\"string\""));

  static final long TS = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

  final Map<Integer, Schema> table =
      new HashMap<>(
          Map.of(
              1,
              USER_V1,
              2,
              USER_V2,
              3,
              CHAT_V1,
              10,
              USER_EXTRA_SYMBOL,
              11,
              USER_NO_ORG,
              12,
              USER_STRING_TIME));
  final AtomicInteger lookups = new AtomicInteger();
  final SchemaLookup lookup =
      id -> {
        lookups.incrementAndGet();
        return new StaticSchemaLookup(table).writerSchema(id);
      };

  ConfluentAvroDecoder<UserEvent> users =
      new ConfluentAvroDecoder<>(UserEvent.class, lookup, 1 << 20);
  ConfluentAvroDecoder<ChatEvent> chats =
      new ConfluentAvroDecoder<>(ChatEvent.class, lookup, 1 << 20);

  static byte[] userV2Bytes() {
    return frame(2, encode(userEvent(USER_V2, "join", "m-1", TS)));
  }

  @Test
  void decodesCurrentVersion() {
    DecodeResult<UserEvent> r = users.decode(userV2Bytes());
    assertThat(r.isOk()).isTrue();
    UserEvent e = r.value();
    assertThat(e.getEventType()).isEqualTo(UserEventType.join);
    assertThat(e.getMeetingId()).isEqualTo("m-1");
    assertThat(e.getTimestamp()).isEqualTo(Instant.ofEpochMilli(TS));
    assertThat(e.getClientPlatform()).isEqualTo("web");
  }

  @Test
  void resolvesV1WriterToV2ReaderWithDefault() {
    DecodeResult<UserEvent> r =
        users.decode(frame(1, encode(userEvent(USER_V1, "leave", "m-2", TS))));
    assertThat(r.isOk()).as(r.toString()).isTrue();
    assertThat(r.value().getClientPlatform()).isEqualTo("unknown");
    assertThat(r.value().getEventType()).isEqualTo(UserEventType.leave);
  }

  @Test
  void cachesWriterSchemaAndReaderPerId() {
    for (int i = 0; i < 5; i++) {
      assertThat(users.decode(userV2Bytes()).isOk()).isTrue();
      assertThat(users.decode(frame(1, encode(userEvent(USER_V1, "join", "m", TS)))).isOk())
          .isTrue();
    }
    assertThat(lookups).hasValue(2);
  }

  @Test
  void notFramed() {
    assertFailure(users.decode(new byte[0]), DeadLetterReason.NOT_CONFLUENT_FRAMED, "0 byte(s)");
    assertFailure(
        users.decode(new byte[] {0, 0, 0, 2}), DeadLetterReason.NOT_CONFLUENT_FRAMED, "4 byte(s)");
    byte[] json = "{\"event_id\":\"x\"}".getBytes();
    assertFailure(users.decode(json), DeadLetterReason.NOT_CONFLUENT_FRAMED, "magic byte is 0x7b");
    assertFailure(users.decode(null), DeadLetterReason.NOT_CONFLUENT_FRAMED, "tombstone");
  }

  @Test
  void unknownSchemaId() {
    byte[] bytes = userV2Bytes();
    bytes[4] = 99;
    assertFailure(users.decode(bytes), DeadLetterReason.UNKNOWN_SCHEMA_ID, "99");
  }

  @Test
  void oversizedRecordIsCheckedBeforeAnythingElse() {
    ConfluentAvroDecoder<UserEvent> small = new ConfluentAvroDecoder<>(UserEvent.class, lookup, 16);
    assertFailure(
        small.decode(new byte[17]), DeadLetterReason.OVERSIZED_RECORD, "17 bytes, maximum 16");
    assertThat(small.decode(new byte[16]).reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID);
  }

  @Test
  void truncated() {
    byte[] ok = userV2Bytes();
    for (int cut = 1; cut < ok.length - 5; cut++) {
      DecodeResult<UserEvent> r = users.decode(Arrays.copyOf(ok, ok.length - cut));
      assertFailure(r, DeadLetterReason.MALFORMED_AVRO, "truncated");
    }
  }

  @Test
  void trailingBytes() {
    byte[] ok = userV2Bytes();
    byte[] longer = Arrays.copyOf(ok, ok.length + 2);
    assertFailure(
        users.decode(longer), DeadLetterReason.MALFORMED_AVRO, "trailing-bytes: 2 byte(s)");
  }

  /** A chat event written field by field, so that individual values can be corrupted. */
  static byte[] chatBody(int enumIndex, long eventIdLength, int unionIndex) {
    return raw(
        e -> {
          try {
            e.writeLong(eventIdLength);
            e.writeFixed("e-1".getBytes(), 0, (int) Math.max(0, Math.min(3, eventIdLength)));
            e.writeEnum(enumIndex);
            e.writeString("m-1");
            e.writeString("u-1");
            e.writeString("o-1");
            e.writeLong(TS);
            e.writeInt(12);
            e.writeIndex(unionIndex);
            if (unionIndex == 1) {
              e.writeString(":)");
            }
            e.flush();
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        });
  }

  @Test
  void handWrittenChatBytesAreValid() {
    DecodeResult<ChatEvent> r = chats.decode(frame(3, chatBody(1, 3, 1)));
    assertThat(r.isOk()).as(r.toString()).isTrue();
    assertThat(r.value().getEventType()).isEqualTo(ChatEventType.reaction);
    assertThat(r.value().getEmoji()).isEqualTo(":)");
    assertThat(r.value().getMessageLength()).isEqualTo(12);
  }

  @Test
  void invalidUnionIndex() {
    assertFailure(
        chats.decode(frame(3, chatBody(0, 3, 5))),
        DeadLetterReason.MALFORMED_AVRO,
        "invalid-union-index: index 5 but the union has 2 branches at emoji");
    assertFailure(
        chats.decode(frame(3, chatBody(0, 3, -1))),
        DeadLetterReason.MALFORMED_AVRO,
        "invalid-union-index");
  }

  @Test
  void invalidEnumIndex() {
    assertFailure(
        chats.decode(frame(3, chatBody(7, 3, 0))),
        DeadLetterReason.MALFORMED_AVRO,
        "invalid-enum-index: index 7 but enum ChatEventType has 3 symbols at event_type");
  }

  @Test
  void negativeLength() {
    assertFailure(
        chats.decode(frame(3, chatBody(0, -3, 0))),
        DeadLetterReason.MALFORMED_AVRO,
        "negative-length: string length -3 at event_id");
  }

  @Test
  void hugeLengthIsRejectedWithoutAllocating() {
    assertFailure(
        chats.decode(frame(3, chatBody(0, 1L << 40, 0))),
        DeadLetterReason.MALFORMED_AVRO,
        "truncated: string of 1099511627776 byte(s)");
  }

  @Test
  void badEnumSymbolIsPerRecord() {
    byte[] kick = frame(10, encode(userEvent(USER_EXTRA_SYMBOL, "kick", "m-1", TS)));
    assertFailure(users.decode(kick), DeadLetterReason.BAD_ENUM, "kick");
    // Same writer schema, a symbol the reader knows: fine.
    byte[] join = frame(10, encode(userEvent(USER_EXTRA_SYMBOL, "join", "m-1", TS)));
    assertThat(users.decode(join).isOk()).isTrue();
  }

  @Test
  void missingRequiredField() {
    org.apache.avro.generic.GenericRecord r =
        new org.apache.avro.generic.GenericData.Record(USER_NO_ORG);
    r.put("event_id", "e");
    r.put(
        "event_type",
        new org.apache.avro.generic.GenericData.EnumSymbol(
            USER_NO_ORG.getField("event_type").schema(), "join"));
    r.put("meeting_id", "m");
    r.put("user_id", "u");
    r.put("timestamp", TS);
    assertFailure(users.decode(frame(11, encode(r))), DeadLetterReason.MISSING_FIELD, "org_id");
  }

  @Test
  void incompatibleWriterSchema() {
    byte[] bytes =
        frame(
            12,
            raw(
                e -> {
                  try {
                    for (String s : new String[] {"e", "", "m", "u", "o"}) {
                      if (s.isEmpty()) {
                        e.writeEnum(0);
                      } else {
                        e.writeString(s);
                      }
                    }
                    e.writeString("yesterday");
                    e.flush();
                  } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                  }
                }));
    assertFailure(users.decode(bytes), DeadLetterReason.INCOMPATIBLE_SCHEMA, "TYPE_MISMATCH");
  }

  @Test
  void otherTopicsSchemaIsIncompatible() {
    assertFailure(
        users.decode(frame(3, chatBody(0, 3, 0))),
        DeadLetterReason.INCOMPATIBLE_SCHEMA,
        "NAME_MISMATCH");
  }

  @Test
  void registryOutageIsNotADeadLetter() {
    SchemaLookup down =
        id -> {
          throw new SchemaRegistryUnavailableException("down", -1, null);
        };
    ConfluentAvroDecoder<UserEvent> d = new ConfluentAvroDecoder<>(UserEvent.class, down, 1 << 20);
    assertThatThrownBy(() -> d.decode(userV2Bytes()))
        .isInstanceOf(SchemaRegistryUnavailableException.class);
  }

  @Test
  void unusableSchemaIsIncompatible() {
    SchemaLookup protobuf =
        id -> {
          throw new UnusableSchemaException("schema id 5 is PROTOBUF, not AVRO", null);
        };
    ConfluentAvroDecoder<UserEvent> d =
        new ConfluentAvroDecoder<>(UserEvent.class, protobuf, 1 << 20);
    assertFailure(d.decode(userV2Bytes()), DeadLetterReason.INCOMPATIBLE_SCHEMA, "PROTOBUF");
  }

  static void assertFailure(DecodeResult<?> r, DeadLetterReason reason, String detailPart) {
    assertThat(r.isOk()).as("expected %s but decoded %s", reason, r).isFalse();
    assertThat(r.reason()).as(r.toString()).isEqualTo(reason);
    assertThat(r.detail()).contains(detailPart);
  }
}
