/// <reference lib="dom" />
// Small DOM and formatting helpers shared by the pages.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function formatTime(millis: number): string {
  return new Date(millis).toISOString().replace('T', ' ').slice(0, 19);
}

export function formatCell(column: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (column === 'window_start' || column === 'window_end') return formatTime(Number(value));
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return String(value);
}

export function healthBadge(level: unknown): HTMLElement {
  const text = typeof level === 'string' ? level : 'unknown';
  return el('span', { class: `health health-${text}`, 'data-health': text }, text);
}

export function table(
  headers: readonly string[],
  rows: readonly (readonly (Node | string)[])[],
  testid: string,
) {
  return el(
    'table',
    { 'data-testid': testid },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))),
  );
}

export function errorBox(message: string): HTMLElement {
  return el('div', { class: 'error', 'data-testid': 'error', role: 'alert' }, message);
}
