// The history data path: what Trends and Distributions read, for a time range and filters. Two sources answer it
// the same way: Trino over the lake (trino-history.ts) and the reference evaluator's rows (memory-history.ts).
import type { MetricInfo } from './catalog';
import type { View } from './view';

/** One row of a metric, reduced to what the history pages use. */
export interface Point {
  readonly key: string;
  readonly windowStart: number;
  readonly value: number | null;
  readonly health: string | null;
  readonly tier: string | null;
}

export interface FilterOptions {
  readonly keys: readonly string[];
  readonly orgs: readonly string[];
  readonly tiers: readonly string[];
}

export interface HistorySource {
  /** The keys with the most windows in the view, most first (ties by key), when the user selected none. */
  topKeys(metric: MetricInfo, view: View, limit: number): Promise<string[]>;
  /** Rows of the view, ordered by window start then key; `keys` narrows to those keys when given. */
  points(metric: MetricInfo, view: View, keys: readonly string[] | null): Promise<Point[]>;
  /** Values the filters can take, for the pages' pickers. */
  options(metric: MetricInfo): Promise<FilterOptions>;
}

export const TOP_KEYS = 8;
