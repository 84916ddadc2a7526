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

const trim = (value: number, digits = 3) => String(Number(value.toPrecision(digits)));

function scaled(value: number, steps: readonly [number, string][], base = ''): string {
  const magnitude = Math.abs(value);
  for (const [size, suffix] of steps) if (magnitude >= size) return `${trim(value / size)}${suffix}`;
  return `${trim(value)}${base}`;
}

const SI: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'K'],
];
const BINARY: readonly [number, string][] = [
  [2 ** 40, ' TiB'],
  [2 ** 30, ' GiB'],
  [2 ** 20, ' MiB'],
  [2 ** 10, ' KiB'],
];
const DURATION_MS: readonly [number, string][] = [
  [86_400_000, ' d'],
  [3_600_000, ' h'],
  [60_000, ' min'],
  [1000, ' s'],
];

/** A value in one of the Grafana units the generated dashboards use (ops/src/grafana.ts `Unit`). */
export function formatUnit(unit: string | null, value: number): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ops':
      return `${scaled(value, SI)}/s`;
    case 'ms':
      return value === 0 ? '0' : scaled(value, DURATION_MS, ' ms');
    case 's':
      return value === 0 ? '0' : scaled(value * 1000, DURATION_MS, ' ms');
    case 'bytes':
      return scaled(value, BINARY, ' B');
    case 'percentunit':
      return `${trim(value * 100)} %`;
    case 'none':
      return trim(value);
    default:
      return scaled(value, SI);
  }
}
