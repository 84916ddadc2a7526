package io.collabstream.runtime;

import static io.collabstream.runtime.ConfluentAvroDecoderTest.assertFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.collabstream.events.ChatEvent;
import io.collabstream.events.ChatEventType;
import io.collabstream.events.UserEvent;
import io.collabstream.events.UserEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final EventValidator<UserEvent> validator =
      EventValidator.forClass(
          UserEvent.class, List.of("meeting_id"), "timestamp", ValidationLimits.defaults(), CLOCK);

  static UserEvent user(String meetingId, Instant ts) {
    return UserEvent.newBuilder()
        .setEventId("e")
        .setEventType(UserEventType.join)
        .setMeetingId(meetingId)
        .setUserId("u")
        .setOrgId("o")
        .setTimestamp(ts)
        .build();
  }

  @Test
  void acceptsAnOrdinaryEvent() {
    UserEvent e = user("m-1", NOW.minusSeconds(5));
    assertThat(validator.validate(e).value()).isSameAs(e);
  }

  @Test
  void nullEmptyAndBlankKeys() {
    UserEvent nullKey = user("x", NOW);
    nullKey.put(nullKey.getSchema().getField("meeting_id").pos(), null);
    assertFailure(validator.validate(nullKey), DeadLetterReason.NULL_KEY, "meeting_id is null");
    assertFailure(validator.validate(user("", NOW)), DeadLetterReason.NULL_KEY, "is empty");
    assertFailure(validator.validate(user(" \t\n", NOW)), DeadLetterReason.NULL_KEY, "is blank");
    // JS trim() removes no-break spaces and the BOM; Java's isBlank() would not.
    assertFailure(
        validator.validate(user("\u00A0\uFEFF\u3000", NOW)), DeadLetterReason.NULL_KEY, "is blank");
    assertThat(validator.validate(user(" m ", NOW)).isOk()).isTrue();
  }

  @Test
  void timestampBoundsAreInclusive() {
    Instant floor = ValidationLimits.DEFAULT_NOT_BEFORE;
    assertThat(validator.validate(user("m", floor)).isOk()).isTrue();
    assertFailure(
        validator.validate(user("m", floor.minusMillis(1))),
        DeadLetterReason.TIMESTAMP_OUT_OF_BOUNDS,
        "far-past");
    Instant ceiling = NOW.plus(Duration.ofHours(1));
    assertThat(validator.validate(user("m", ceiling)).isOk()).isTrue();
    assertFailure(
        validator.validate(user("m", ceiling.plusMillis(1))),
        DeadLetterReason.TIMESTAMP_OUT_OF_BOUNDS,
        "far-future");
    assertFailure(
        validator.validate(user("m", Instant.EPOCH)),
        DeadLetterReason.TIMESTAMP_OUT_OF_BOUNDS,
        "far-past");
  }

  @Test
  void farFutureFollowsTheInjectedClock() {
    Instant ts = NOW.plus(Duration.ofHours(2));
    assertThat(validator.validate(user("m", ts)).isOk()).isFalse();
    EventValidator<UserEvent> later =
        EventValidator.forClass(
            UserEvent.class,
            List.of("meeting_id"),
            "timestamp",
            ValidationLimits.defaults(),
            Clock.offset(CLOCK, Duration.ofHours(1)));
    assertThat(later.validate(user("m", ts)).isOk()).isTrue();
  }

  @Test
  void configurableLimits() {
    EventValidator<UserEvent> strict =
        EventValidator.forClass(
            UserEvent.class,
            List.of("meeting_id", "user_id"),
            "timestamp",
            ValidationLimits.defaults()
                .withNotBefore(NOW.minusSeconds(60))
                .withMaxAheadOfNow(Duration.ZERO)
                .withMaxFieldChars(3),
            CLOCK);
    assertFailure(
        strict.validate(user("m", NOW.minusSeconds(61))),
        DeadLetterReason.TIMESTAMP_OUT_OF_BOUNDS,
        "far-past");
    assertFailure(
        strict.validate(user("m", NOW.plusMillis(1))),
        DeadLetterReason.TIMESTAMP_OUT_OF_BOUNDS,
        "far-future");
    assertFailure(
        strict.validate(user("mmmm", NOW)),
        DeadLetterReason.OVERSIZED_FIELD,
        "field meeting_id has 4 chars, maximum 3");
    UserEvent blankUser = user("m", NOW);
    blankUser.setUserId(" ");
    assertFailure(strict.validate(blankUser), DeadLetterReason.NULL_KEY, "user_id is blank");
  }

  @Test
  void oversizedFieldCountsUtf16UnitsLikeJavaScript() {
    EventValidator<ChatEvent> chats =
        EventValidator.forClass(
            ChatEvent.class,
            List.of("meeting_id"),
            "timestamp",
            ValidationLimits.defaults(),
            CLOCK);
    ChatEvent.Builder b =
        ChatEvent.newBuilder()
            .setEventId("e")
            .setEventType(ChatEventType.emoji)
            .setMeetingId("m")
            .setUserId("u")
            .setOrgId("o")
            .setTimestamp(NOW);
    assertThat(chats.validate(b.setEmoji("😀".repeat(2048)).build()).isOk()).isTrue();
    assertFailure(
        chats.validate(b.setEmoji("😀".repeat(2048) + "x").build()),
        DeadLetterReason.OVERSIZED_FIELD,
        "field emoji has 4097 chars, maximum 4096");
  }

  @Test
  void firstFailingCheckWins() {
    UserEvent all = user("", Instant.EPOCH);
    all.setOrgId("o".repeat(5000));
    assertThat(validator.validate(all).reason()).isEqualTo(DeadLetterReason.NULL_KEY);
    all.setMeetingId("m");
    assertThat(validator.validate(all).reason())
        .isEqualTo(DeadLetterReason.TIMESTAMP_OUT_OF_BOUNDS);
    all.setTimestamp(NOW);
    assertThat(validator.validate(all).reason()).isEqualTo(DeadLetterReason.OVERSIZED_FIELD);
  }

  @Test
  void unknownFieldNamesFailAtJobBuildTime() {
    assertThatThrownBy(
            () ->
                EventValidator.forClass(
                    UserEvent.class,
                    List.of("meetingId"),
                    "timestamp",
                    ValidationLimits.defaults(),
                    CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("meetingId");
  }
}
