// The presence gauge (docs/SEMANTICS.md "Presence"): per window, each member's newest join or leave; on firing,
// merged into the key's state, expired by TTL, and counted.
import type { Event } from './conform';

type Fn<R> = (e: Event) => R;

/** A member's newest join/leave. At equal timestamps a leave is newer than a join, so arrival order never matters. */
export interface PresenceMark {
  readonly timestamp: number;
  readonly joined: boolean;
}

function newer(a: PresenceMark, b: PresenceMark | undefined): boolean {
  if (!b) return true;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return !a.joined && b.joined;
}

export interface PresenceSpec {
  readonly member: Fn<string>;
  readonly joins: Fn<boolean>;
  readonly leaves: Fn<boolean>;
  readonly ttlMs: number;
}

/** What one window saw: each member's newest mark. */
export class PresenceWindow {
  readonly marks = new Map<string, PresenceMark>();

  constructor(private readonly spec: PresenceSpec) {}

  add(event: Event, eventTime: number): void {
    const joined = this.spec.joins(event);
    if (!joined && !this.spec.leaves(event)) return;
    const member = this.spec.member(event);
    const mark = { timestamp: eventTime, joined };
    if (newer(mark, this.marks.get(member))) this.marks.set(member, mark);
  }

  /** Keeps each member's newer mark of the two windows (merged sessions): the result of adding both windows' events. */
  merge(other: PresenceWindow): void {
    for (const [member, mark] of other.marks)
      if (newer(mark, this.marks.get(member))) this.marks.set(member, mark);
  }
}

/** A key's presence across windows. */
export class PresenceState {
  private readonly marks = new Map<string, PresenceMark>();

  constructor(private readonly ttlMs: number) {}

  /** Merges a fired window's marks and returns the members present at its end. */
  sample(window: PresenceWindow, end: number): number {
    for (const [member, mark] of window.marks) {
      if (newer(mark, this.marks.get(member))) this.marks.set(member, mark);
    }
    let present = 0;
    for (const [member, mark] of this.marks) {
      if (end - mark.timestamp >= this.ttlMs) this.marks.delete(member);
      else if (mark.joined) present++;
    }
    return present;
  }

  get size(): number {
    return this.marks.size;
  }
}
