// A stand-in for Prometheus's HTTP API on 127.0.0.1:<free port>, for the Ops page's tests: answers every range query
// with a matrix (one series per Flink job the query's `job_name=~"…"` matches, one for queries without a job),
// answers label values with the jobs, and records every query it got.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePrometheus {
  readonly url: string;
  /** every query_range `query` received, in order */
  readonly queries: string[];
  /** makes every answer empty (no series), or normal again */
  setEmpty(empty: boolean): void;
  close(): Promise<void>;
}

export const FAKE_JOBS = ['meeting_metrics', 'meeting_trends'];

/** The jobs a `job_name=~"<regex>"` or `job_name="<name>"` selector of the query matches. */
function jobsOf(query: string): string[] | null {
  const regex = /job_name=~"((?:[^"\\]|\\.)*)"/.exec(query);
  if (regex) {
    const pattern = new RegExp(`^(?:${(regex[1] as string).replace(/\\\\/g, '\\')})$`);
    return FAKE_JOBS.filter((j) => pattern.test(j));
  }
  const exact = /job_name="([^"]*)"/.exec(query);
  return exact ? [exact[1] as string] : null;
}

/** A number from the query's text, so every panel draws its own curve (and the screenshot shows distinct ones). */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function matrix(query: string, start: number, end: number, step: number) {
  const jobs = jobsOf(query) ?? [null];
  const h = hash(query);
  const base = 5 + (h % 500);
  const period = 200 + ((h >>> 9) % 900);
  return jobs.map((job, i) => {
    const values: [number, string][] = [];
    for (let t = start; t <= end; t += step)
      values.push([t, String(base * (1 + i * 0.4) * (1 + 0.3 * Math.sin(t / period + i + (h % 7))))]);
    return {
      metric: {
        ...(job === null ? {} : { job_name: job }),
        operator_name: 'Source: meeting-events',
        task_name: 'Source: meeting-events',
        topic: 'meeting-events',
        partition: String(i),
        tm_id: 'tm-1',
        job: 'flink-taskmanager',
        instance: '127.0.0.1:9250',
      },
      values,
    };
  });
}

export async function startFakePrometheus(): Promise<FakePrometheus> {
  const queries: string[] = [];
  let empty = false;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/v1/query_range') {
      const query = url.searchParams.get('query') ?? '';
      queries.push(query);
      if (query.includes('$'))
        return send(400, { status: 'error', errorType: 'bad_data', error: `unsubstituted: ${query}` });
      const [start, end, step] = ['start', 'end', 'step'].map((p) => Number(url.searchParams.get(p)));
      return send(200, {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: empty ? [] : matrix(query, start as number, end as number, step as number),
        },
      });
    }
    if (/^\/api\/v1\/label\/[^/]+\/values$/.test(url.pathname))
      return send(200, { status: 'success', data: empty ? [] : FAKE_JOBS });
    return send(404, { status: 'error', errorType: 'not_found', error: url.pathname });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    setEmpty: (value) => {
      empty = value;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** A URL nothing listens on: a port that was free a moment ago. */
export async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
