// Meeting life cycles: participants join (some late) and leave (some never say so), chat in bursts, react,
// share video and screens, and report network quality with occasional degraded episodes. Events come out in
// event-time order across all meetings.
import type { ChatEvent, MeetingEvent, UserEvent } from '../../schemas/generated/events';
import { MinHeap } from './heap';
import type { Random } from './random';
import type { World } from './world';

export type SimEvent =
  | { readonly topic: 'user_events'; readonly value: UserEvent }
  | { readonly topic: 'chat_events'; readonly value: ChatEvent }
  | { readonly topic: 'meeting_events'; readonly value: MeetingEvent };

export interface MeetingPlan {
  readonly meeting_id: string;
  readonly org_id: string;
  readonly host_user_id: string;
  readonly start: number;
  readonly end: number;
  readonly participants: number;
}

export interface ScheduleOptions {
  /** Event time of the first meeting start (epoch millis). */
  readonly start: number;
  /** Meetings start until here (epoch millis); their events may run a little past it, and are cut at `end`. */
  readonly end: number;
  readonly meetingsPerMinute: number;
  readonly meetingMinutes: readonly [number, number];
  readonly participants: readonly [number, number];
}

const EMOJI = ['👍', '🎉', '😂', '❤️', '👏', '🤔', '🚀'];
const REPORT_EVERY_MS = 15_000;

/** All events of one meeting, unsorted. */
function meetingEvents(random: Random, plan: MeetingPlan, roster: readonly string[]): SimEvent[] {
  const events: SimEvent[] = [];
  let seq = 0;
  const base = (user_id: string, timestamp: number) => ({
    event_id: `${plan.meeting_id}-${String(++seq).padStart(5, '0')}`,
    meeting_id: plan.meeting_id,
    user_id,
    org_id: plan.org_id,
    timestamp: Math.round(timestamp),
  });
  const user = (type: UserEvent['event_type'], who: string, at: number) =>
    events.push({
      topic: 'user_events',
      value: {
        ...base(who, at),
        event_type: type,
        client_platform: random.pick(['web', 'desktop', 'ios', 'android']),
      },
    });
  const chat = (type: ChatEvent['event_type'], who: string, at: number) =>
    events.push({
      topic: 'chat_events',
      value: {
        ...base(who, at),
        event_type: type,
        message_length: type === 'message' ? random.int(1, 280) : 0,
        emoji: type === 'message' ? null : random.pick(EMOJI),
      },
    });
  const media = (
    type: MeetingEvent['event_type'],
    who: string,
    at: number,
    lag?: { latency: number | null; loss: number | null; jitter: number | null },
  ) =>
    events.push({
      topic: 'meeting_events',
      value: {
        ...base(who, at),
        event_type: type,
        latency_ms: lag?.latency ?? null,
        packet_loss_pct: lag?.loss ?? null,
        jitter_ms: lag?.jitter ?? null,
      },
    });

  const length = plan.end - plan.start;
  const baseline = random.between(40, 120);
  const episodes = Array.from({ length: random.int(0, 2) }, () => {
    const from = random.between(plan.start, plan.end);
    return { from, to: from + random.between(30_000, 120_000), severe: random.chance(0.4) };
  });
  const chattiness = random.between(0.3, 3); // messages per participant-minute
  for (const who of roster) {
    const join =
      plan.start + (random.chance(0.8) ? random.exponential(15_000) : random.between(0, length / 2));
    if (join >= plan.end) continue;
    const leave = random.chance(0.25) ? random.between(join, plan.end) : plan.end - random.between(0, 10_000);
    user('join', who, join);
    if (random.chance(0.9)) user('leave', who, Math.max(join + 1, leave)); // lost clients never send a leave
    for (
      let t = join + random.exponential(60_000 / chattiness);
      t < leave;
      t += random.exponential(60_000 / chattiness)
    ) {
      const burst = random.chance(0.15) ? random.int(2, 6) : 1;
      for (let b = 0; b < burst; b++) chat('message', who, t + b * random.between(500, 2_500));
      if (random.chance(0.3))
        chat(random.chance(0.5) ? 'reaction' : 'emoji', who, t + random.between(1_000, 8_000));
    }
    if (random.chance(0.7)) {
      const on = join + random.between(1_000, 20_000);
      media('video_start', who, on);
      media('video_stop', who, Math.max(on + 1, leave - random.between(0, 5_000)));
    }
    for (
      let t = join + random.between(0, REPORT_EVERY_MS);
      t < leave;
      t += REPORT_EVERY_MS + random.between(-2_000, 2_000)
    ) {
      const episode = episodes.find((e) => t >= e.from && t < e.to);
      const latency = episode
        ? random.between(episode.severe ? 300 : 160, episode.severe ? 700 : 290)
        : Math.max(5, random.normal(baseline, 20));
      const loss = episode
        ? random.between(episode.severe ? 5 : 2, episode.severe ? 15 : 4.9)
        : Math.max(0, random.normal(0.3, 0.3));
      media('network_lag', who, t, {
        latency: random.chance(0.05) ? null : Math.round(latency * 10) / 10,
        loss: random.chance(0.05) ? null : Math.round(loss * 100) / 100,
        jitter: random.chance(0.1) ? null : Math.round(random.between(1, 40) * 10) / 10,
      });
    }
  }
  for (let s = random.int(0, 3); s > 0; s--)
    media('screen_share', random.pick(roster), random.between(plan.start, plan.end));
  return events;
}

/**
 * Every event of every meeting that starts in [start, end), in event-time order (ties in generation order),
 * cut at `end`. Memory stays bounded by the meetings in progress.
 */
export function* simulateMeetings(
  random: Random,
  world: World,
  options: ScheduleOptions,
  onMeeting: (plan: MeetingPlan) => void = () => {},
): Generator<SimEvent> {
  const pending = new MinHeap<SimEvent>();
  let nextStart = options.start + random.exponential(60_000 / options.meetingsPerMinute);
  let meetingNo = 0;
  while (nextStart < options.end || pending.size > 0) {
    if (nextStart < options.end && (pending.size === 0 || nextStart <= (pending.peekKey() as number))) {
      const org = random.pick(world.organizations);
      const members = world.usersByOrg.get(org.org_id) ?? [];
      const size = Math.min(members.length, random.int(options.participants[0], options.participants[1]));
      const roster = random
        .shuffle(members)
        .slice(0, Math.max(1, size))
        .map((u) => u.user_id);
      const minutes = random.between(options.meetingMinutes[0], options.meetingMinutes[1]);
      const plan: MeetingPlan = {
        meeting_id: `mtg-${String(++meetingNo).padStart(6, '0')}`,
        org_id: org.org_id,
        host_user_id: roster[0] as string,
        start: Math.round(nextStart),
        end: Math.round(nextStart + minutes * 60_000),
        participants: roster.length,
      };
      onMeeting(plan);
      for (const event of meetingEvents(random.fork(meetingNo), plan, roster)) {
        if (event.value.timestamp < options.end) pending.push(event.value.timestamp, event);
      }
      nextStart += random.exponential(60_000 / options.meetingsPerMinute);
      continue;
    }
    yield pending.pop() as SimEvent;
  }
}
