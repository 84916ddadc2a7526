/// <reference lib="dom" />
// The server's JSON API, typed as the pages use it. A 4xx/5xx answer becomes an ApiError with the server's message.

export interface Column {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
}

export interface MetricInfo {
  readonly id: string;
  readonly job: string;
  readonly description: string;
  readonly key: string;
  readonly windowMs: number;
  readonly slideMs: number | null;
  readonly columns: readonly Column[];
  readonly measures: readonly string[];
  readonly health: string | null;
  readonly healthMeasures: readonly string[];
  readonly liveTopic: string | null;
}

export interface Meta {
  readonly mode: 'stack' | 'events';
  readonly now: number;
  readonly metrics: readonly MetricInfo[];
}

export type Row = Record<string, string | number | boolean | null>;

export interface LiveRow {
  readonly row: Row;
  readonly status: 'pending' | 'committed';
  readonly receivedAt: number;
}

export interface Options {
  readonly keys: readonly string[];
  readonly orgs: readonly string[];
  readonly tiers: readonly string[];
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
