// Runs SQL on Trino through trino-client and returns the whole result, or throws with Trino's own message.
import { BasicAuth, Trino } from 'trino-client';

export interface QueryOutput {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
  readonly elapsedMs: number;
}

export class TrinoQueryError extends Error {
  constructor(
    readonly sql: string,
    readonly errorName: string,
    message: string,
  ) {
    super(`${errorName}: ${message}`);
    this.name = 'TrinoQueryError';
  }
}

export interface TrinoSettings {
  readonly server: string;
  readonly catalog: string;
  readonly schema: string;
  readonly user: string;
}

/** Connection settings from the environment (COLLAB_TRINO_URL, COLLAB_TRINO_USER, COLLAB_TRINO_PASSWORD). */
export function trinoFromEnv(overrides: Partial<TrinoSettings> = {}): TrinoSettings {
  return {
    server: process.env.COLLAB_TRINO_URL ?? 'http://127.0.0.1:8088',
    catalog: 'lake',
    schema: 'metrics',
    user: process.env.COLLAB_TRINO_USER ?? 'collab-stream',
    ...overrides,
  };
}

export class TrinoClient {
  private readonly trino: Trino;

  constructor(readonly settings: TrinoSettings) {
    const password = process.env.COLLAB_TRINO_PASSWORD;
    this.trino = Trino.create({
      server: settings.server,
      catalog: settings.catalog,
      schema: settings.schema,
      source: 'collab-stream',
      auth: new BasicAuth(settings.user, password),
    });
  }

  async query(sql: string): Promise<QueryOutput> {
    const started = performance.now();
    const columns: { name: string; type: string }[] = [];
    const rows: unknown[][] = [];
    for await (const page of await this.trino.query(sql)) {
      if (page.error) throw new TrinoQueryError(sql, page.error.errorName, page.error.message);
      if (columns.length === 0 && page.columns)
        columns.push(...page.columns.map((c) => ({ name: c.name, type: c.type })));
      if (page.data) rows.push(...(page.data as unknown[][]));
    }
    return { columns, rows, elapsedMs: performance.now() - started };
  }
}
