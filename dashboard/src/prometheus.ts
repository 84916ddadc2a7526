// A minimal Prometheus HTTP API client (range queries and label values) over Node's fetch. Every failure becomes a
// PrometheusError saying what went wrong in words the Ops page can show: unreachable, timed out, or refused.
import { loadConfig } from '../../infra/src/config';

export class PrometheusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusError';
  }
}

export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  /** [epoch seconds, value as Prometheus writes it ("1.5", "NaN", "+Inf")] */
  readonly values: readonly (readonly [number, string])[];
}

export interface PrometheusApi {
  readonly url: string;
  queryRange(expr: string, fromMs: number, toMs: number, stepS: number): Promise<Sample[]>;
  labelValues(label: string, match: string, fromMs: number, toMs: number): Promise<string[]>;
}

interface ApiAnswer<T> {
  status: 'success' | 'error';
  data?: T;
  errorType?: string;
  error?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export class PrometheusClient implements PrometheusApi {
  readonly url: string;

  constructor(
    url: string,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {
    this.url = url.replace(/\/+$/, '');
  }

  private async get<T>(path: string, params: URLSearchParams): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}?${params.toString()}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError')
        throw new PrometheusError(
          `Prometheus at ${this.url} did not answer within ${this.timeoutMs / 1000} s`,
        );
      const reason = e.cause?.code ?? e.cause?.message ?? e.message;
      throw new PrometheusError(`Prometheus at ${this.url} is unreachable (${reason})`);
    }
    let body: ApiAnswer<T>;
    try {
      body = (await response.json()) as ApiAnswer<T>;
    } catch {
      throw new PrometheusError(
        `Prometheus at ${this.url} answered HTTP ${response.status} without the API's JSON (is it Prometheus?)`,
      );
    }
    if (body.status !== 'success' || body.data === undefined)
      throw new PrometheusError(
        `Prometheus at ${this.url} refused the query: ${body.errorType ?? `HTTP ${response.status}`}: ${body.error ?? ''}`,
      );
    return body.data;
  }

  async queryRange(expr: string, fromMs: number, toMs: number, stepS: number): Promise<Sample[]> {
    const data = await this.get<{ resultType: string; result: Sample[] }>(
      '/api/v1/query_range',
      new URLSearchParams({
        query: expr,
        start: String(fromMs / 1000),
        end: String(toMs / 1000),
        step: String(stepS),
      }),
    );
    if (data.resultType !== 'matrix')
      throw new PrometheusError(`Prometheus answered a ${data.resultType}, not a matrix, to a range query`);
    return data.result;
  }

  async labelValues(label: string, match: string, fromMs: number, toMs: number): Promise<string[]> {
    return this.get<string[]>(
      `/api/v1/label/${encodeURIComponent(label)}/values`,
      new URLSearchParams({
        'match[]': match,
        start: String(fromMs / 1000),
        end: String(toMs / 1000),
      }),
    );
  }
}

/**
 * The Prometheus the dashboard asks: --prometheus, else $COLLAB_PROMETHEUS_URL, else the local stack's (its port
 * from infra/stack.config.json and $COLLAB_PROMETHEUS_PORT, as infra starts it).
 */
export function prometheusUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option !== undefined && option !== '') return option;
  if (env.COLLAB_PROMETHEUS_URL) return env.COLLAB_PROMETHEUS_URL;
  const config = loadConfig(env);
  return `http://${config.host}:${config.prometheus.port}`;
}
