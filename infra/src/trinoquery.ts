// Runs one SQL statement through Trino's REST protocol (POST /v1/statement, follow nextUri). Small on purpose:
// the launcher needs DDL only; tests and tools use trino-client for anything richer.
import type { StackConfig } from './config';

interface StatementResponse {
  nextUri?: string;
  data?: unknown[][];
  error?: { message: string; errorName?: string };
}

export async function runTrinoQuery(
  config: StackConfig,
  sql: string,
  timeoutMs = 120_000,
): Promise<unknown[][]> {
  const headers = { 'X-Trino-User': 'collab-stack', 'Content-Type': 'text/plain' };
  const deadline = Date.now() + timeoutMs;
  let res = await fetch(`http://${config.host}:${config.trino.port}/v1/statement`, {
    method: 'POST',
    headers,
    body: sql,
  });
  const rows: unknown[][] = [];
  for (;;) {
    if (!res.ok) throw new Error(`trino: HTTP ${res.status} for ${sql}: ${await res.text()}`);
    const body = (await res.json()) as StatementResponse;
    if (body.error)
      throw new Error(`trino: ${body.error.errorName ?? 'error'}: ${body.error.message} (${sql})`);
    if (body.data) rows.push(...body.data);
    if (!body.nextUri) return rows;
    if (Date.now() > deadline) throw new Error(`trino: timed out after ${timeoutMs} ms: ${sql}`);
    res = await fetch(body.nextUri, { headers });
  }
}
