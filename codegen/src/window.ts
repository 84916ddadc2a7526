// A window's geometry as the back ends need it, one place for the four kinds so that operator names (which
// runtime OperatorIds.windowName builds too), plans, dashboards and alerts agree.
import type { Window } from './ir';

/** The longest window: the size, a cumulating window's max, a session's maxDuration (else its gap: unbounded). */
export function windowLengthMs(window: Window): number {
  switch (window.kind) {
    case 'cumulate':
      return window.maxMs;
    case 'session':
      return window.maxDurationMs ?? window.gapMs;
    default:
      return window.sizeMs;
  }
}

/**
 * The shortest window, so the soonest a key's first row can come: a cumulating window's first step, a session's
 * gap (a session of one event).
 */
export function firstWindowMs(window: Window): number {
  switch (window.kind) {
    case 'cumulate':
      return window.stepMs;
    case 'session':
      return window.gapMs;
    default:
      return window.sizeMs;
  }
}

/** How often a key's windows end: the size (tumbling), the slide, the step, or at the soonest a session's gap. */
export function windowEveryMs(window: Window): number {
  switch (window.kind) {
    case 'tumbling':
      return window.sizeMs;
    case 'sliding':
      return window.slideMs;
    case 'cumulate':
      return window.stepMs;
    case 'session':
      return window.gapMs;
  }
}

/** The slice each event is pre-aggregated into: a sliding window's pane, a cumulating window's step. */
export function usesPanes(window: Window): window is Extract<Window, { kind: 'sliding' | 'cumulate' }> {
  return window.kind === 'sliding' || window.kind === 'cumulate';
}

/**
 * `tumbling 30000 ms`, `sliding 60000 ms every 15000 ms`, `cumulating 60000 ms steps to 3600000 ms`,
 * `session gap 300000 ms at most 14400000 ms` (runtime OperatorIds builds the same names).
 */
export function describeWindow(window: Window, ms: (millis: number) => string = (m) => `${m} ms`): string {
  switch (window.kind) {
    case 'tumbling':
      return `tumbling ${ms(window.sizeMs)}`;
    case 'sliding':
      return `sliding ${ms(window.sizeMs)} every ${ms(window.slideMs)}`;
    case 'cumulate':
      return `cumulating ${ms(window.stepMs)} steps to ${ms(window.maxMs)}`;
    case 'session':
      return `session gap ${ms(window.gapMs)}${window.maxDurationMs === null ? '' : ` at most ${ms(window.maxDurationMs)}`}`;
  }
}
