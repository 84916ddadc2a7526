// A window's geometry as the back ends need it, one place for the three kinds so that operator names (which
// runtime OperatorIds.windowName builds too), plans, dashboards and alerts agree.
import type { Window } from './ir';

/** The longest window: the size, or a cumulating window's max. */
export function windowLengthMs(window: Window): number {
  return window.kind === 'cumulate' ? window.maxMs : window.sizeMs;
}

/** The shortest window, so the soonest a key's first row can come: a cumulating window's first step. */
export function firstWindowMs(window: Window): number {
  return window.kind === 'cumulate' ? window.stepMs : window.sizeMs;
}

/** How often a key's windows end: the size (tumbling), the slide, or the step. */
export function windowEveryMs(window: Window): number {
  return window.kind === 'tumbling'
    ? window.sizeMs
    : window.kind === 'sliding'
      ? window.slideMs
      : window.stepMs;
}

/** The slice each event is pre-aggregated into: a sliding window's pane, a cumulating window's step. */
export function usesPanes(window: Window): window is Exclude<Window, { kind: 'tumbling' }> {
  return window.kind !== 'tumbling';
}

/** `tumbling 30000 ms`, `sliding 60000 ms every 15000 ms`, `cumulating 60000 ms steps to 3600000 ms`. */
export function describeWindow(window: Window, ms: (millis: number) => string = (m) => `${m} ms`): string {
  switch (window.kind) {
    case 'tumbling':
      return `tumbling ${ms(window.sizeMs)}`;
    case 'sliding':
      return `sliding ${ms(window.sizeMs)} every ${ms(window.slideMs)}`;
    case 'cumulate':
      return `cumulating ${ms(window.stepMs)} steps to ${ms(window.maxMs)}`;
  }
}
