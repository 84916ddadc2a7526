// Pure shaping of history points into what the pages draw: series per key, a histogram, health per plan tier.
import type { HealthLevel } from './catalog';
import { HEALTH_LEVELS } from './catalog';
import type { Point } from './history';

export interface Series {
  readonly key: string;
  readonly points: readonly (readonly [number, number | null])[];
}

export function seriesByKey(points: readonly Point[], keys: readonly string[]): Series[] {
  const byKey = new Map<string, [number, number | null][]>(keys.map((k) => [k, []]));
  for (const p of points) byKey.get(p.key)?.push([p.windowStart, p.value]);
  return keys.map((key) => ({ key, points: byKey.get(key) ?? [] }));
}

export interface Bin {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
}

/** Equal-width bins over [min, max] of the values; the last bin includes max. Nulls are left out. */
export function histogram(values: readonly (number | null)[], bins: number): Bin[] {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of present) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const width = max > min ? (max - min) / bins : 1;
  const counts = new Array<number>(max > min ? bins : 1).fill(0);
  for (const v of present) {
    const index = Math.min(counts.length - 1, Math.floor((v - min) / width));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts.map((count, i) => ({ lo: min + i * width, hi: min + (i + 1) * width, count }));
}

export type TierHealth = { readonly tier: string } & Readonly<Record<HealthLevel, number>>;

/** Windows per health level for each plan tier (rows without a known tier under "unknown"), tiers by name. */
export function healthByTier(points: readonly Point[]): TierHealth[] {
  const tiers = new Map<string, Record<HealthLevel, number>>();
  for (const p of points) {
    if (p.health === null || !(HEALTH_LEVELS as readonly string[]).includes(p.health)) continue;
    const tier = p.tier ?? 'unknown';
    const counts = tiers.get(tier) ?? { healthy: 0, degraded: 0, critical: 0 };
    counts[p.health as HealthLevel] += 1;
    tiers.set(tier, counts);
  }
  return [...tiers.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tier, counts]) => ({ tier, ...counts }));
}

/** Keys by number of points, most first, ties by key: the default selection of Trends. */
export function busiestKeys(points: readonly Point[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.key, (counts.get(p.key) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([key]) => key);
}
