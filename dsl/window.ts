import type { Duration } from './duration';
import { parseDuration } from './duration';
import { cumulateWindow, enforce, sessionWindow, slidingWindow } from './rules';

/** Fixed-size, non-overlapping windows aligned to the epoch: [k·size, (k+1)·size). */
export interface TumblingWindow {
  readonly kind: 'tumbling';
  readonly size: Duration;
}

/** Fixed-size windows that start every `slide`, aligned to the epoch; each event is in size/slide windows. */
export interface SlidingWindow {
  readonly kind: 'sliding';
  readonly size: Duration;
  readonly slide: Duration;
}

/**
 * Cumulating windows (Flink SQL's CUMULATE): within each `max`-long window aligned to the epoch, the windows
 * [start, start + k·step) for k = 1..max/step, each a step longer than the one before.
 */
export interface CumulateWindow {
  readonly kind: 'cumulate';
  readonly step: Duration;
  readonly max: Duration;
}

/**
 * Per-key sessions (Flink's merging event-time session windows): an event at t opens [t, t + gap), windows of a key
 * that overlap or touch merge; with maxDuration no session spans more than it (docs/SEMANTICS.md, Sessions).
 */
export interface SessionWindow {
  readonly kind: 'session';
  readonly gap: Duration;
  readonly maxDuration: Duration | null;
}

export type WindowSpec = TumblingWindow | SlidingWindow | CumulateWindow | SessionWindow;

/**
 * Tumbling windows of one size.
 *
 * @example
 * window: tumbling('30s')
 */
export function tumbling(size: Duration): TumblingWindow {
  parseDuration(size);
  return Object.freeze({ kind: 'tumbling' as const, size });
}

/**
 * Sliding (hopping) windows: `size` long, a new one every `slide`. The size must be a whole multiple of the slide,
 * so that every window is a union of slide-long panes, and at most 100 slides long (windows per event).
 *
 * @example
 * window: sliding({ size: '60s', slide: '15s' })
 */
export function sliding(def: { size: Duration; slide: Duration }): SlidingWindow {
  enforce(slidingWindow(parseDuration(def.size), parseDuration(def.slide)));
  return Object.freeze({ kind: 'sliding' as const, size: def.size, slide: def.slide });
}

/**
 * Cumulating windows: a row per key at every `step` of each `max`-long window the key has an event in, over the
 * events from the max window's start up to that step's end. The max must be a whole multiple of the step, and at
 * most 1440 steps long.
 *
 * @example
 * window: cumulate({ step: '1m', max: '1d' }) // today so far, minute by minute
 */
export function cumulate(def: { step: Duration; max: Duration }): CumulateWindow {
  enforce(cumulateWindow(parseDuration(def.step), parseDuration(def.max)));
  return Object.freeze({ kind: 'cumulate' as const, step: def.step, max: def.max });
}

/**
 * Sessions of activity per key: a session ends after `gap` without events; the optional `maxDuration` (longer than
 * the gap) cuts a longer one, so an always-busy key still writes rows.
 *
 * @example
 * window: session({ gap: '5m', maxDuration: '4h' })
 */
export function session(def: { gap: Duration; maxDuration?: Duration }): SessionWindow {
  const maxDuration = def.maxDuration ?? null;
  enforce(sessionWindow(parseDuration(def.gap), maxDuration === null ? null : parseDuration(maxDuration)));
  return Object.freeze({ kind: 'session' as const, gap: def.gap, maxDuration });
}

/** A session window's gap and maxDuration (null: unbounded) in milliseconds. */
export function sessionGeometry(window: SessionWindow): { gapMs: number; maxDurationMs: number | null } {
  return {
    gapMs: parseDuration(window.gap),
    maxDurationMs: window.maxDuration === null ? null : parseDuration(window.maxDuration),
  };
}

/**
 * Window length and step in milliseconds (a tumbling window steps by its own size; a cumulating window's length is
 * its max).
 *
 * @example
 * windowGeometry(sliding({ size: '60s', slide: '15s' })); // { sizeMs: 60000, slideMs: 15000 }
 */
export function windowGeometry(window: TumblingWindow | SlidingWindow | CumulateWindow): {
  sizeMs: number;
  slideMs: number;
} {
  if (window.kind === 'cumulate')
    return { sizeMs: parseDuration(window.max), slideMs: parseDuration(window.step) };
  const sizeMs = parseDuration(window.size);
  return { sizeMs, slideMs: window.kind === 'sliding' ? parseDuration(window.slide) : sizeMs };
}
