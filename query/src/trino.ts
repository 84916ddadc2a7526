// Runs SQL on Trino through trino-client and returns the whole result, or throws with Trino's own message.
import fs from 'node:fs';
import { BasicAuth, Trino } from 'trino-client';
import type { ConnectionOptions } from 'trino-client';

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
  /** Password authentication (Trino only accepts it over https); else COLLAB_TRINO_PASSWORD. */
  readonly password?: string;
  /** A PEM file of the CA that signed Trino's https certificate; else COLLAB_TRINO_CA, else the system CAs. */
  readonly caFile?: string;
}

type Env = Record<string, string | undefined>;

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

/**
 * What trino-client gets for `settings`: basic auth with the settings' password, else COLLAB_TRINO_PASSWORD — a
 * password from the environment goes with the user COLLAB_TRINO_USER when set (a password file knows its users, not
 * the caller's label); TLS trusting the CA of `caFile` or COLLAB_TRINO_CA (PEM).
 */
export function trinoConnection(settings: TrinoSettings, env: Env = process.env): ConnectionOptions {
  const password = settings.password ?? (env.COLLAB_TRINO_PASSWORD || undefined);
  const user =
    settings.password === undefined && password !== undefined && env.COLLAB_TRINO_USER
      ? env.COLLAB_TRINO_USER
      : settings.user;
  const caFile = settings.caFile ?? (env.COLLAB_TRINO_CA || undefined);
  return {
    server: settings.server,
    catalog: settings.catalog,
    schema: settings.schema,
    source: 'collab-stream',
    auth: new BasicAuth(user, password),
    ...(caFile ? { ssl: { ca: fs.readFileSync(caFile, 'utf8') } } : {}),
  };
}

export class TrinoClient {
  private readonly trino: Trino;

  constructor(readonly settings: TrinoSettings) {
    this.trino = Trino.create(trinoConnection(settings));
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
