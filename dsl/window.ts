import type { Duration } from './duration';
import { parseDuration } from './duration';
import { enforce, slidingWindow } from './rules';

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

export type WindowSpec = TumblingWindow | SlidingWindow;

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
 * Window length and step in milliseconds (a tumbling window steps by its own size).
 *
 * @example
 * windowGeometry(sliding({ size: '60s', slide: '15s' })); // { sizeMs: 60000, slideMs: 15000 }
 */
export function windowGeometry(window: WindowSpec): { sizeMs: number; slideMs: number } {
  const sizeMs = parseDuration(window.size);
  return { sizeMs, slideMs: window.kind === 'sliding' ? parseDuration(window.slide) : sizeMs };
}
