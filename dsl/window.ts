import type { Duration } from './duration';
import { parseDuration } from './duration';
import { enforce, sessionWindow, slidingWindow } from './rules';

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
 * Per-key sessions (Flink's merging event-time session windows): an event at t opens [t, t + gap), windows of a key
 * that overlap or touch merge; with maxDuration no session spans more than it (docs/SEMANTICS.md, Sessions).
 */
export interface SessionWindow {
  readonly kind: 'session';
  readonly gap: Duration;
  readonly maxDuration: Duration | null;
}

export type WindowSpec = TumblingWindow | SlidingWindow | SessionWindow;

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
 * Window length and step in milliseconds (a tumbling window steps by its own size).
 *
 * @example
 * windowGeometry(sliding({ size: '60s', slide: '15s' })); // { sizeMs: 60000, slideMs: 15000 }
 */
export function windowGeometry(window: TumblingWindow | SlidingWindow): { sizeMs: number; slideMs: number } {
  const sizeMs = parseDuration(window.size);
  return { sizeMs, slideMs: window.kind === 'sliding' ? parseDuration(window.slide) : sizeMs };
}
