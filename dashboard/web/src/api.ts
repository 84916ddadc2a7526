/// <reference lib="dom" />
// The server's JSON API, typed as the pages use it. A 4xx/5xx answer becomes an ApiError with the server's message.

// The server's own types, type-only (erased from the bundle): one definition of what crosses the wire.
import type { MetricInfo } from '../../src/catalog';
import type { FilterOptions } from '../../src/history';
import type { LiveRow } from '../../src/live-store';
import type { OpsDashboard, OpsPanel } from '../../src/ops-queries';
import type { OpsDashboardsAnswer, OpsQueryAnswer } from '../../src/ops-routes';

export type { LiveRow, MetricInfo, OpsDashboard, OpsDashboardsAnswer, OpsPanel, OpsQueryAnswer };
export type Options = FilterOptions;

export interface Meta {
  readonly mode: 'stack' | 'events';
  readonly now: number;
  readonly metrics: readonly MetricInfo[];
}

export interface Trends {
  readonly measure: string;
  readonly range: string;
  readonly from: number;
  readonly to: number;
  readonly keys: readonly string[];
  readonly series: readonly { readonly key: string; readonly points: readonly [number, number | null][] }[];
  readonly queryMs: number;
}

export interface Distribution {
  readonly measure: string;
  readonly from: number;
  readonly to: number;
  readonly windows: number;
  readonly bins: readonly { readonly lo: number; readonly hi: number; readonly count: number }[];
  readonly healthByTier: readonly {
    readonly tier: string;
    readonly healthy: number;
    readonly degraded: number;
    readonly critical: number;
  }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function get<T>(path: string, params: URLSearchParams = new URLSearchParams()): Promise<T> {
  const query = params.toString();
  const response = await fetch(query ? `${path}?${query}` : path);
  const body = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new ApiError(response.status, body.message ?? response.statusText);
  return body;
}

export const metricPath = (metric: string, what: string) =>
  `/api/metrics/${encodeURIComponent(metric)}/${what}`;
