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
const PLATFORMS = ['web', 'desktop', 'ios', 'android'];
const REPORT_EVERY_MS = 15_000;

type Topic = SimEvent['topic'];
type EventType = UserEvent['event_type'] | ChatEvent['event_type'] | MeetingEvent['event_type'];
/** Every (topic, event_type) an event can have; a meeting stores the index. */
const KINDS: readonly (readonly [Topic, EventType])[] = [
  ['user_events', 'join'],
  ['user_events', 'leave'],
  ['chat_events', 'message'],
  ['chat_events', 'reaction'],
  ['chat_events', 'emoji'],
  ['meeting_events', 'video_start'],
  ['meeting_events', 'video_stop'],
  ['meeting_events', 'screen_share'],
  ['meeting_events', 'network_lag'],
];
const kindOf = (topic: Topic, type: EventType) => KINDS.findIndex(([t, e]) => t === topic && e === type);
const USER_KIND = { join: kindOf('user_events', 'join'), leave: kindOf('user_events', 'leave') };
const CHAT_KIND = {
  message: kindOf('chat_events', 'message'),
  reaction: kindOf('chat_events', 'reaction'),
  emoji: kindOf('chat_events', 'emoji'),
};
const MEDIA_KIND = {
  video_start: kindOf('meeting_events', 'video_start'),
  video_stop: kindOf('meeting_events', 'video_stop'),
  screen_share: kindOf('meeting_events', 'screen_share'),
  network_lag: kindOf('meeting_events', 'network_lag'),
};
const orNull = (x: number | undefined): number | null => (x === undefined || Number.isNaN(x) ? null : x);
/** Sort keys are (ms since the meeting's start) · 2^21 + generation index: exact below 2^53. */
const INDEX_SPAN = 2 ** 21;

/**
 * All events of one meeting, in event-time order (ties in generation order). They are drawn up front, but kept
 * as columns of numbers, not objects: a thousand meetings in progress hold hundreds of thousands of events, and
 * as objects they would all outlive the young generation. An event's object is made only when it is taken.
 */
class MeetingTraffic {
  // One entry per event, in generation order (the order of the random draws).
  private readonly kind: number[] = [];
  private readonly who: number[] = [];
  private readonly at: number[] = [];
  /** The client_platform, message_length or emoji index, or the index into the lag columns. */
  private readonly detail: number[] = [];
  // network_lag measurements; NaN stands for null.
  private readonly latency: number[] = [];
  private readonly loss: number[] = [];
  private readonly jitter: number[] = [];
  /** Sort keys of the events before `cutAt`, in order. */
  private order: Float64Array = new Float64Array(0);
  private next = 0;

  constructor(
    random: Random,
    readonly plan: MeetingPlan,
    private readonly roster: readonly string[],
    cutAt: number,
  ) {
    this.draw(random);
    const n = this.at.length;
    if (n >= INDEX_SPAN) throw new Error(`meeting ${plan.meeting_id} has too many events (${n})`);
    const keys = new Float64Array(n);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const at = this.at[i]!;
      if (at < cutAt) keys[kept++] = (at - plan.start) * INDEX_SPAN + i;
    }
    this.order = keys.subarray(0, kept).sort();
  }

  get done(): boolean {
    return this.next >= this.order.length;
  }

  /** Event time of the next event (only when not done). */
  get nextTime(): number {
    return this.plan.start + Math.floor(this.order[this.next]! / INDEX_SPAN);
  }

  /** The next event, as the object the producer encodes. */
  take(): SimEvent {
    const key = this.order[this.next++]!;
    const i = key % INDEX_SPAN;
    const [topic, event_type] = KINDS[this.kind[i]!]!;
    const event_id = `${this.plan.meeting_id}-${String(i + 1).padStart(5, '0')}`;
    const meeting_id = this.plan.meeting_id;
    const user_id = this.roster[this.who[i]!]!;
    const org_id = this.plan.org_id;
    const timestamp = this.at[i]!;
    const detail = this.detail[i]!;
    switch (topic) {
      case 'user_events':
        return {
          topic,
          value: {
            event_id,
            meeting_id,
            user_id,
            org_id,
            timestamp,
            event_type: event_type as UserEvent['event_type'],
            client_platform: PLATFORMS[detail]!,
          },
        };
      case 'chat_events':
        return {
          topic,
          value: {
            event_id,
            meeting_id,
            user_id,
            org_id,
            timestamp,
            event_type: event_type as ChatEvent['event_type'],
            message_length: event_type === 'message' ? detail : 0,
            emoji: event_type === 'message' ? null : EMOJI[detail]!,
          },
        };
      case 'meeting_events': {
        const lag = event_type === 'network_lag';
        return {
          topic,
          value: {
            event_id,
            meeting_id,
            user_id,
            org_id,
            timestamp,
            event_type: event_type as MeetingEvent['event_type'],
            latency_ms: lag ? orNull(this.latency[detail]) : null,
            packet_loss_pct: lag ? orNull(this.loss[detail]) : null,
            jitter_ms: lag ? orNull(this.jitter[detail]) : null,
          },
        };
      }
    }
  }

  private add(kind: number, who: number, at: number, detail: number): void {
    this.kind.push(kind);
    this.who.push(who);
    this.at.push(Math.round(at));
    this.detail.push(detail);
  }

  /** The meeting's life cycle. The order of the random draws is the order events are generated in. */
  private draw(random: Random): void {
    const { plan, roster } = this;
    const user = (type: 'join' | 'leave', who: number, at: number) =>
      this.add(USER_KIND[type], who, at, random.index(PLATFORMS.length));
    const chat = (type: ChatEvent['event_type'], who: number, at: number) =>
      this.add(
        CHAT_KIND[type],
        who,
        at,
        type === 'message' ? random.int(1, 280) : random.index(EMOJI.length),
      );
    const media = (type: 'video_start' | 'video_stop' | 'screen_share', who: number, at: number) =>
      this.add(MEDIA_KIND[type], who, at, 0);
    const lag = (
      who: number,
      at: number,
      latency: number | null,
      loss: number | null,
      jitter: number | null,
    ) => {
      this.add(MEDIA_KIND.network_lag, who, at, this.latency.length);
      this.latency.push(latency ?? Number.NaN);
      this.loss.push(loss ?? Number.NaN);
      this.jitter.push(jitter ?? Number.NaN);
    };

    const length = plan.end - plan.start;
    const baseline = random.between(40, 120);
    const episodes = Array.from({ length: random.int(0, 2) }, () => {
      const from = random.between(plan.start, plan.end);
      return { from, to: from + random.between(30_000, 120_000), severe: random.chance(0.4) };
    });
    const chattiness = random.between(0.3, 3); // messages per participant-minute
    for (let who = 0; who < roster.length; who++) {
      const join =
        plan.start + (random.chance(0.8) ? random.exponential(15_000) : random.between(0, length / 2));
      if (join >= plan.end) continue;
      const leave = random.chance(0.25)
        ? random.between(join, plan.end)
        : plan.end - random.between(0, 10_000);
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
        lag(
          who,
          t,
          random.chance(0.05) ? null : Math.round(latency * 10) / 10,
          random.chance(0.05) ? null : Math.round(loss * 100) / 100,
          random.chance(0.1) ? null : Math.round(random.between(1, 40) * 10) / 10,
        );
      }
    }
    for (let s = random.int(0, 3); s > 0; s--)
      media('screen_share', random.index(roster.length), random.between(plan.start, plan.end));
  }
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
  // A heap over the meetings in progress, keyed by their next event's time; ties go to the earlier meeting, so
  // events come out in (event time, meeting, generation) order.
  const running = new MinHeap<MeetingTraffic>();
  let nextStart = options.start + random.exponential(60_000 / options.meetingsPerMinute);
  let meetingNo = 0;
  while (nextStart < options.end || running.size > 0) {
    if (nextStart < options.end && (running.size === 0 || nextStart <= (running.peekKey() as number))) {
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
      const traffic = new MeetingTraffic(random.fork(meetingNo), plan, roster, options.end);
      if (!traffic.done) running.push(traffic.nextTime, traffic, meetingNo);
      nextStart += random.exponential(60_000 / options.meetingsPerMinute);
      continue;
    }
    const traffic = running.peek() as MeetingTraffic;
    const event = traffic.take();
    if (traffic.done) running.pop();
    else running.rekeyTop(traffic.nextTime);
    yield event;
  }
}
