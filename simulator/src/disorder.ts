// Turns an event-time-ordered stream into the order a producer sends it in: bounded disorder (every event is
// sent before anything more than `maxDisorderMs` newer), plus a few events held back long enough to be late.
import { MinHeap } from './heap';
import type { SimEvent } from './meetings';
import type { Random } from './random';

export interface DisorderOptions {
  /** Events are shuffled by up to this much event time; keep it below the jobs' maxOutOfOrder. */
  readonly maxDisorderMs: number;
  /** Probability that an event is held back by `lateByMs` (and so arrives late). */
  readonly lateProbability: number;
  /** How far a late event is held back: more than the largest window plus the watermark bound. */
  readonly lateByMs: number;
  /** No late event is made after this event time, so the stream still runs long enough to make it late. */
  readonly lateUntil: number;
}

export interface SentEvent {
  readonly event: SimEvent;
  /** Held back on purpose: every job should count it as late. */
  readonly late: boolean;
}

export function* disorder(
  random: Random,
  events: Iterable<SimEvent>,
  options: DisorderOptions,
): Generator<SentEvent> {
  const pending = new MinHeap<SentEvent>();
  for (const event of events) {
    const ts = event.value.timestamp;
    // Release everything whose send time has come: nothing later can have an earlier send key than `ts`.
    while (pending.size > 0 && (pending.peekKey() as number) <= ts) yield pending.pop() as SentEvent;
    const late = ts < options.lateUntil && random.chance(options.lateProbability);
    const sendAt = late ? ts + options.lateByMs : ts + random.between(0, options.maxDisorderMs);
    pending.push(sendAt, { event, late });
  }
  while (pending.size > 0) yield pending.pop() as SentEvent;
}
