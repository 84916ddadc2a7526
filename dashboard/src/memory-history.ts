// The history source of the no-stack mode: the reference evaluator's rows held in memory, filtered exactly as the
// Trino source filters (same View, same joins through the organisation of a key).
import type { Row } from '../../evaluator';
import { busiestKeys } from './analysis';
import type { MetricInfo } from './catalog';
import type { FilterOptions, HistorySource, Point } from './history';
import type { View } from './view';
import { orgLink } from './view';

/** lake.history's two lookup tables, as maps: meeting → organisation, organisation → plan tier. */
export interface Dimensions {
  readonly meetingOrg: ReadonlyMap<string, string>;
  readonly orgTier: ReadonlyMap<string, string>;
}

export class MemoryHistory implements HistorySource {
  constructor(
    private readonly rows: ReadonlyMap<string, readonly Row[]>,
    private readonly dimensions: Dimensions,
  ) {}

  private orgOf(metric: MetricInfo, key: string): string | null {
    const link = orgLink(metric);
    if (link === 'org') return key;
    if (link === 'meeting') return this.dimensions.meetingOrg.get(key) ?? null;
    return null;
  }

  private all(metric: MetricInfo, view: View): Point[] {
    const { filters } = view;
    const out: Point[] = [];
    for (const row of this.rows.get(metric.id) ?? []) {
      const windowStart = row.window_start as number;
      if (windowStart < view.from || windowStart >= view.to) continue;
      const key = String(row[metric.key]);
      if (filters.keys.length > 0 && !filters.keys.includes(key)) continue;
      const org = this.orgOf(metric, key);
      if (filters.orgs.length > 0 && (org === null || !filters.orgs.includes(org))) continue;
      const tier = org === null ? null : (this.dimensions.orgTier.get(org) ?? null);
      if (filters.tiers.length > 0 && (tier === null || !filters.tiers.includes(tier))) continue;
      const health = metric.health === null ? null : (row[metric.health] as string | null);
      if (filters.health.length > 0 && !(filters.health as readonly (string | null)[]).includes(health))
        continue;
      const value = row[view.measure];
      out.push({ key, windowStart, value: typeof value === 'number' ? value : null, health, tier });
    }
    return out.sort((a, b) => a.windowStart - b.windowStart || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  topKeys(metric: MetricInfo, view: View, limit: number): Promise<string[]> {
    return Promise.resolve(busiestKeys(this.all(metric, view), limit));
  }

  points(metric: MetricInfo, view: View, keys: readonly string[] | null): Promise<Point[]> {
    const points = this.all(metric, view);
    return Promise.resolve(keys === null ? points : points.filter((p) => keys.includes(p.key)));
  }

  options(metric: MetricInfo): Promise<FilterOptions> {
    const keys = new Set<string>();
    const orgs = new Set<string>();
    for (const row of this.rows.get(metric.id) ?? []) {
      const key = String(row[metric.key]);
      keys.add(key);
      const org = this.orgOf(metric, key);
      if (org !== null) orgs.add(org);
    }
    const tiers = new Set([...orgs].flatMap((o) => this.dimensions.orgTier.get(o) ?? []));
    const sorted = (s: Set<string>) => [...s].sort();
    return Promise.resolve({ keys: sorted(keys), orgs: sorted(orgs), tiers: sorted(tiers) });
  }
}
