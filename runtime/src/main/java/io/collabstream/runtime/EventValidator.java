package io.collabstream.runtime;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The checks that need a decoded record: keys present, event time within bounds, strings not
 * oversized. Pure apart from the injected clock, and checked in that order (the first failure is
 * the reason, as in the TypeScript evaluator).
 *
 * <p>Why here and not later: a null key makes {@code keyBy} throw and the job restart forever, and
 * one far-future timestamp advances the watermark and turns every later event late.
 */
public final class EventValidator<T extends SpecificRecord> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> keyFields;
  private final int[] keyPositions;
  private final String timestampField;
  private final int timestampPosition;
  private final ValidationLimits limits;
  private final Clock clock;

  private EventValidator(
      Schema schema,
      List<String> keyFields,
      String timestampField,
      ValidationLimits limits,
      Clock clock) {
    this.keyFields = List.copyOf(keyFields);
    this.keyPositions = keyFields.stream().mapToInt(f -> position(schema, f)).toArray();
    this.timestampField = timestampField;
    this.timestampPosition = position(schema, timestampField);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param keyFields the fields the job keys by (the generated code passes the metric's key)
   * @param timestampField the event-time field (long or timestamp-millis)
   * @param clock processing time, for the far-future bound; {@code Clock.systemUTC()} in jobs
   */
  public static <T extends SpecificRecord> EventValidator<T> forClass(
      Class<T> recordClass,
      List<String> keyFields,
      String timestampField,
      ValidationLimits limits,
      Clock clock) {
    Schema schema = SpecificData.getForClass(recordClass).getSchema(recordClass);
    return new EventValidator<>(schema, keyFields, timestampField, limits, clock);
  }

  private static int position(Schema schema, String field) {
    Schema.Field f = schema.getField(field);
    if (f == null) {
      throw new IllegalArgumentException(
          "record " + schema.getFullName() + " has no field '" + field + "'");
    }
    return f.pos();
  }

  public ValidationLimits limits() {
    return limits;
  }

  /** Returns the record itself when it is valid, else the dead-letter reason. */
  public DecodeResult<T> validate(T record) {
    for (int i = 0; i < keyPositions.length; i++) {
      Object key = record.get(keyPositions[i]);
      String problem = keyProblem(key);
      if (problem != null) {
        return DecodeResult.failure(
            DeadLetterReason.NULL_KEY, "key field " + keyFields.get(i) + " is " + problem);
      }
    }

    String timeProblem = timestampProblem(record.get(timestampPosition));
    if (timeProblem != null) {
      return DecodeResult.failure(DeadLetterReason.TIMESTAMP_OUT_OF_BOUNDS, timeProblem);
    }

    String oversized = oversizedField(record, "");
    if (oversized != null) {
      return DecodeResult.failure(DeadLetterReason.OVERSIZED_FIELD, oversized);
    }
    return DecodeResult.ok(record);
  }

  private static String keyProblem(Object key) {
    if (key == null) {
      return "null";
    }
    String s = key.toString();
    if (s.isEmpty()) {
      return "empty";
    }
    return isBlank(s) ? "blank" : null;
  }

  /**
   * Blank as JavaScript's {@code s.trim() === ''} sees it, so both evaluators agree on which keys
   * are blank (Java's {@code isBlank} misses no-break spaces and the BOM, which JS trims).
   */
  static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isJsWhitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isJsWhitespace(char c) {
    switch (c) {
      case '\t':
      case '\n':
      case '\u000B':
      case '\f':
      case '\r':
      case ' ':
      case '\u00A0':
      case '\u1680':
      case '\u2028':
      case '\u2029':
      case '\u202F':
      case '\u205F':
      case '\u3000':
      case '\uFEFF':
        return true;
      default:
        return c >= '\u2000' && c <= '\u200A';
    }
  }

  private String timestampProblem(Object value) {
    long millis;
    if (value instanceof Instant) {
      millis = ((Instant) value).toEpochMilli();
    } else if (value instanceof Number) {
      millis = ((Number) value).longValue();
    } else {
      return "far-past: event time field " + timestampField + " is " + value;
    }
    long notBefore = limits.notBefore().toEpochMilli();
    if (millis < notBefore) {
      return "far-past: "
          + timestampField
          + " "
          + Instant.ofEpochMilli(millis)
          + " is before "
          + limits.notBefore();
    }
    long now = clock.millis();
    long latest = now + limits.maxAheadOfNow().toMillis();
    if (millis > latest) {
      return "far-future: "
          + timestampField
          + " "
          + Instant.ofEpochMilli(millis)
          + " is more than "
          + limits.maxAheadOfNow()
          + " ahead of processing time "
          + Instant.ofEpochMilli(now);
    }
    return null;
  }

  private String oversizedField(Object value, String path) {
    if (value instanceof CharSequence) {
      int chars = value.toString().length();
      if (chars > limits.maxFieldChars()) {
        return "field " + path + " has " + chars + " chars, maximum " + limits.maxFieldChars();
      }
    } else if (value instanceof IndexedRecord) {
      IndexedRecord r = (IndexedRecord) value;
      for (Schema.Field f : r.getSchema().getFields()) {
        String child = path.isEmpty() ? f.name() : path + "." + f.name();
        String problem = oversizedField(r.get(f.pos()), child);
        if (problem != null) {
          return problem;
        }
      }
    } else if (value instanceof Collection) {
      int i = 0;
      for (Object item : (Collection<?>) value) {
        String problem = oversizedField(item, path + "[" + i++ + "]");
        if (problem != null) {
          return problem;
        }
      }
    } else if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        String entryPath = path + "[" + e.getKey() + "]";
        String problem = oversizedField(e.getKey(), entryPath);
        if (problem == null) {
          problem = oversizedField(e.getValue(), entryPath);
        }
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }
}
