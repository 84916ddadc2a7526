package io.collabstream.bench;

import io.collabstream.events.ChatEvent;
import io.collabstream.events.MeetingEvent;
import io.collabstream.events.UserEvent;
import io.collabstream.runtime.KafkaRawRecord;
import io.collabstream.runtime.SchemaLookup;
import io.collabstream.runtime.SchemaLookupFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * How a Flink user decodes Confluent-framed Avro without our runtime: magic byte, schema id, then a
 * {@link SpecificDatumReader} per writer schema id (cached) into the topic's generated Avro class,
 * reusing one {@link BinaryDecoder}. Records that do not decode, or have no meeting id, are skipped
 * (counted by the caller). Shared by the hand-written job and the Flink SQL job's source view.
 */
final class AvroEvents {
  /** One decoded event, flattened to what the metrics read. */
  static final class Decoded {
    String meetingId;
    String userId;
    String eventType;
    long timestamp;
    Double latencyMs;
    Double packetLossPct;
  }

  private final SchemaLookup schemas;
  private final Map<Integer, SpecificDatumReader<?>> readers = new HashMap<>();
  private BinaryDecoder decoder;
  private UserEvent user;
  private ChatEvent chat;
  private MeetingEvent meeting;

  AvroEvents(SchemaLookupFactory schemas) {
    this.schemas = schemas.create();
  }

  /** Fills {@code out} and returns true, or returns false for a record to skip. */
  boolean decode(KafkaRawRecord raw, Decoded out) {
    byte[] v = raw.value;
    if (v == null || v.length < 5 || v[0] != 0) {
      return false;
    }
    int id = ((v[1] & 0xff) << 24) | ((v[2] & 0xff) << 16) | ((v[3] & 0xff) << 8) | (v[4] & 0xff);
    try {
      decoder = DecoderFactory.get().binaryDecoder(v, 5, v.length - 5, decoder);
      switch (raw.topic) {
        case "user_events":
          user = reader(id, UserEvent.class).read(user, decoder);
          out.meetingId = user.getMeetingId();
          out.userId = user.getUserId();
          out.eventType = user.getEventType().name();
          out.timestamp = user.getTimestamp().toEpochMilli();
          out.latencyMs = null;
          out.packetLossPct = null;
          break;
        case "chat_events":
          chat = reader(id, ChatEvent.class).read(chat, decoder);
          out.meetingId = chat.getMeetingId();
          out.userId = chat.getUserId();
          out.eventType = chat.getEventType().name();
          out.timestamp = chat.getTimestamp().toEpochMilli();
          out.latencyMs = null;
          out.packetLossPct = null;
          break;
        case "meeting_events":
          meeting = reader(id, MeetingEvent.class).read(meeting, decoder);
          out.meetingId = meeting.getMeetingId();
          out.userId = meeting.getUserId();
          out.eventType = meeting.getEventType().name();
          out.timestamp = meeting.getTimestamp().toEpochMilli();
          out.latencyMs = meeting.getLatencyMs();
          out.packetLossPct = meeting.getPacketLossPct();
          break;
        default:
          return false;
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return out.meetingId != null && !out.meetingId.isBlank();
  }

  @SuppressWarnings("unchecked")
  private <T> SpecificDatumReader<T> reader(int id, Class<T> type) {
    return (SpecificDatumReader<T>)
        readers.computeIfAbsent(
            id,
            writerId -> {
              SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
              try {
                reader.setSchema(schemas.writerSchema(writerId));
              } catch (Exception e) {
                throw new IllegalStateException("unknown schema id " + writerId, e);
              }
              return reader;
            });
  }
}
