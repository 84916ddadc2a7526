/// <reference lib="dom" />
// The controls of the history pages (Trends, Distributions): measure, time range, filters. Each control shows the
// URL's value and writes its change back to the URL.
import type { MetricInfo, Options } from './api';
import { el } from './format';
import { param, update } from './state';

export const RANGES = ['15m', '1h', '24h', '7d', 'custom'] as const;
const HEALTH = ['healthy', 'degraded', 'critical'];

function select(name: string, label: string, choices: readonly string[], value: string, blank?: string) {
  const node = el('select', { name, 'data-testid': `control-${name}` });
  if (blank !== undefined) node.append(el('option', { value: '' }, blank));
  for (const c of choices) node.append(el('option', { value: c }, c));
  node.value = value;
  node.addEventListener('change', () => update({ [name]: node.value }));
  return el('label', {}, `${label} `, node);
}

/** datetime-local text (UTC) ⇄ ISO-8601. */
const toLocalInput = (iso: string) => (iso ? iso.replace(/Z$/, '').slice(0, 16) : '');
const fromLocalInput = (text: string) => (text ? `${text}:00Z` : '');

function timeInput(name: 'from' | 'to') {
  const node = el('input', { type: 'datetime-local', name, 'data-testid': `control-${name}` });
  node.value = toLocalInput(param(name));
  node.addEventListener('change', () => update({ [name]: fromLocalInput(node.value) }));
  return el('label', {}, `${name} (UTC) `, node);
}

function keysInput(metric: MetricInfo, options: Options) {
  const list = el('datalist', { id: 'key-options' }, ...options.keys.map((k) => el('option', { value: k })));
  const node = el('input', {
    name: 'keys',
    list: 'key-options',
    placeholder: `${metric.key}, comma-separated (default: busiest)`,
    'data-testid': 'control-keys',
    size: '40',
  });
  node.value = param('keys');
  node.addEventListener('change', () => update({ keys: node.value.replace(/\s+/g, '') }));
  return el('label', {}, `${metric.key} `, node, list);
}

export function historyControls(metric: MetricInfo, options: Options, defaultMeasure: string): HTMLElement {
  const form = el('div', { class: 'controls', 'data-testid': 'controls' });
  form.append(select('measure', 'measure', metric.measures, param('measure') || defaultMeasure));
  form.append(select('range', 'range', RANGES, param('range') || '1h'));
  if (param('range') === 'custom') form.append(timeInput('from'), timeInput('to'));
  form.append(keysInput(metric, options));
  const orgLinked = metric.key === 'meeting_id' || metric.key === 'org_id';
  if (orgLinked) {
    form.append(select('org', 'organisation', options.orgs, param('org'), 'all'));
    form.append(select('tier', 'plan tier', options.tiers, param('tier'), 'all'));
  }
  if (metric.health !== null) form.append(select('health', 'health', HEALTH, param('health'), 'all'));
  return form;
}

/** The API parameters of the current view: exactly the URL's history-page parameters. */
export function viewParams(extra: readonly string[] = []): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of ['measure', 'range', 'from', 'to', 'keys', 'org', 'tier', 'health', ...extra]) {
    const value = param(name);
    if (value) out.set(name, value);
  }
  if (out.get('range') !== 'custom') {
    out.delete('from');
    out.delete('to');
  }
  return out;
}
