// Cumulating windows (docs/SEMANTICS.md "Windows"): per key and max window [S, S + max), one running window whose
// accumulators take each step's events when that step fires, so window [S, E) holds exactly the accepted events
// in it and each event is added once (max / step may be 1440).
import type { Event } from './conform';
import type { WindowBounds } from './windows';

/** An accepted event waiting for its step to fire. */
interface Pending {
  readonly topic: string;
  readonly event: Event;
  readonly eventTime: number;
}

/** One key's max window: its running window and the events of the steps that have not fired. */
interface MaxWindow<W> {
  readonly key: string;
  readonly start: number;
  readonly running: W;
  readonly steps: Map<number, Pending[]>;
  /** The end of the next window to fire: the first step with an event, then every step to the max. */
  nextEnd: number;
}

export class CumulateWindows<W> {
  /** By key, then max window start. */
  private readonly open = new Map<string, Map<number, MaxWindow<W>>>();

  constructor(
    private readonly stepMs: number,
    private readonly maxMs: number,
    private readonly create: (key: string) => W,
    private readonly add: (window: W, topic: string, event: Event, eventTime: number) => void,
  ) {}

  /**
   * Takes an event unless it is late: once the window ending with its step has fired (Flink SQL's slicing), even
   * if later steps of its max window are open.
   */
  accept(key: string, topic: string, event: Event, eventTime: number, watermark: number): boolean {
    const step = Math.floor(eventTime / this.stepMs) * this.stepMs;
    if (step + this.stepMs - 1 <= watermark) return false;
    const start = Math.floor(eventTime / this.maxMs) * this.maxMs;
    let byStart = this.open.get(key);
    if (!byStart) this.open.set(key, (byStart = new Map()));
    let window = byStart.get(start);
    if (!window) {
      window = { key, start, running: this.create(key), steps: new Map(), nextEnd: step + this.stepMs };
      byStart.set(start, window);
    }
    // An earlier step cannot have fired: the event would be late.
    window.nextEnd = Math.min(window.nextEnd, step + this.stepMs);
    let pending = window.steps.get(step);
    if (!pending) window.steps.set(step, (pending = []));
    pending.push({ topic, event, eventTime });
    return true;
  }

  /** Fires every window whose end − 1 ≤ watermark, in order of end and then key, with its bounds. */
  fireUpTo(watermark: number, fire: (window: W, bounds: WindowBounds) => void): void {
    const due: { end: number; window: MaxWindow<W> }[] = [];
    for (const byStart of this.open.values())
      for (const window of byStart.values())
        for (
          let end = window.nextEnd;
          end - 1 <= watermark && end <= window.start + this.maxMs;
          end += this.stepMs
        )
          due.push({ end, window });
    due.sort(
      (a, b) => a.end - b.end || (a.window.key < b.window.key ? -1 : a.window.key > b.window.key ? 1 : 0),
    );
    for (const { end, window } of due) {
      const step = end - this.stepMs;
      for (const p of window.steps.get(step) ?? []) this.add(window.running, p.topic, p.event, p.eventTime);
      window.steps.delete(step);
      window.nextEnd = end + this.stepMs;
      if (end === window.start + this.maxMs) this.open.get(window.key)?.delete(window.start);
      fire(window.running, { start: window.start, end });
    }
  }
}
