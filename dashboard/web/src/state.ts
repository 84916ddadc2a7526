/// <reference lib="dom" />
// The view state lives in the URL's query string, so a view can be shared and a reload restores it. Pages read
// it with `param` and change it with `update`, which rewrites the URL and re-renders the page.

let rerender: () => void = () => {};

export function onStateChange(render: () => void): void {
  rerender = render;
}

export function params(): URLSearchParams {
  return new URLSearchParams(location.search);
}

export function param(name: string): string {
  return params().get(name) ?? '';
}

/** Sets (or, for '', removes) parameters, pushes the URL and re-renders. */
export function update(changes: Record<string, string>): void {
  const next = params();
  for (const [name, value] of Object.entries(changes)) {
    if (value === '') next.delete(name);
    else next.set(name, value);
  }
  const search = next.toString();
  history.pushState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
  rerender();
}

/** Goes to another page, keeping the metric. */
export function navigate(page: string, keep: readonly string[] = ['metric']): void {
  const next = new URLSearchParams();
  for (const name of keep) if (param(name)) next.set(name, param(name));
  const search = next.toString();
  history.pushState(null, '', `/${page}${search ? `?${search}` : ''}`);
  rerender();
}
