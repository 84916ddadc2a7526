// Epoch-aligned window assignment (docs/SEMANTICS.md "Windows").

export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

/** Every window of `sizeMs` starting at a multiple of `slideMs` that contains `t`, oldest first. */
export function windowsOf(t: number, sizeMs: number, slideMs: number): WindowBounds[] {
  const lastStart = Math.floor(t / slideMs) * slideMs;
  const windows: WindowBounds[] = [];
  for (let start = lastStart - sizeMs + slideMs; start <= lastStart; start += slideMs) {
    windows.push({ start, end: start + sizeMs });
  }
  return windows;
}

/** A window has fired once the watermark reached its last millisecond. */
export function hasFired(window: WindowBounds, watermark: number): boolean {
  return window.end - 1 <= watermark;
}
