// A small typed client for the Confluent schema-registry REST API, for the places that need more than
// @kafkajs/confluent-schema-registry offers (compatibility levels, compatibility checks, error codes): the stack's
// setup, tests and tools. It speaks the protocol only, so it works against any Confluent-compatible registry.
import type { CompatibilityLevel } from './apicurio';

export const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Confluent error codes the registry answers with (`error_code` in the body). */
export const ErrorCode = {
  SUBJECT_NOT_FOUND: 40401,
  VERSION_NOT_FOUND: 40402,
  SCHEMA_NOT_FOUND: 40403,
  INCOMPATIBLE_SCHEMA: 409,
  INVALID_SCHEMA: 42201,
  INVALID_VERSION: 42202,
  INVALID_COMPATIBILITY_LEVEL: 42203,
  STORE_ERROR: 50001,
} as const;

export class RegistryError extends Error {
  constructor(
    readonly status: number,
    /** Confluent `error_code`; for a reply without one (a proxy, a 413 from the HTTP layer) the HTTP status. */
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface SchemaVersion {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType?: string;
}

export type VersionRef = number | 'latest';

export class RegistryClient {
  /** `baseUrl` includes any path prefix, e.g. http://127.0.0.1:8085/apis/ccompat/v7 for Apicurio. */
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async register(subject: string, schema: string | object): Promise<number> {
    const body = await this.call<{ id: number }>('POST', `/subjects/${enc(subject)}/versions`, {
      schema: text(schema),
    });
    return body.id;
  }

  /** The version of `subject` holding `schema`, or 40401/40403 when it has none. */
  lookup(subject: string, schema: string | object): Promise<SchemaVersion> {
    return this.call('POST', `/subjects/${enc(subject)}`, { schema: text(schema) });
  }

  async schemaById(id: number): Promise<string> {
    const body = await this.call<{ schema: string }>('GET', `/schemas/ids/${id}`);
    return body.schema;
  }

  subjects(): Promise<string[]> {
    return this.call('GET', '/subjects');
  }

  versions(subject: string): Promise<number[]> {
    return this.call('GET', `/subjects/${enc(subject)}/versions`);
  }

  version(subject: string, version: VersionRef): Promise<SchemaVersion> {
    return this.call('GET', `/subjects/${enc(subject)}/versions/${version}`);
  }

  /** Soft delete of one version; returns the deleted version number. */
  deleteVersion(subject: string, version: VersionRef): Promise<number> {
    return this.call('DELETE', `/subjects/${enc(subject)}/versions/${version}`);
  }

  /** Soft delete of a subject; returns the versions it had. */
  deleteSubject(subject: string): Promise<number[]> {
    return this.call('DELETE', `/subjects/${enc(subject)}`);
  }

  async compatibility(subject?: string): Promise<CompatibilityLevel> {
    const body = await this.call<{ compatibilityLevel: CompatibilityLevel }>('GET', configPath(subject));
    return body.compatibilityLevel;
  }

  async setCompatibility(level: CompatibilityLevel, subject?: string): Promise<CompatibilityLevel> {
    const body = await this.call<{ compatibility: CompatibilityLevel }>('PUT', configPath(subject), {
      compatibility: level,
    });
    return body.compatibility;
  }

  /** Whether `schema` could be registered next under the subject's (or global) compatibility level. */
  async isCompatible(
    subject: string,
    schema: string | object,
    version: VersionRef = 'latest',
  ): Promise<boolean> {
    const body = await this.call<{ is_compatible: boolean }>(
      'POST',
      `/compatibility/subjects/${enc(subject)}/versions/${version}`,
      { schema: text(schema) },
    );
    return body.is_compatible;
  }

  async call<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${pathAndQuery}`, {
      method,
      headers: { accept: CONTENT_TYPE, ...(body === undefined ? {} : { 'content-type': CONTENT_TYPE }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const raw = await res.text();
    if (!res.ok) throw errorFrom(res.status, raw, `${method} ${pathAndQuery}`);
    return (raw === '' ? undefined : JSON.parse(raw)) as T;
  }
}

export function errorFrom(status: number, raw: string, what: string): RegistryError {
  try {
    const parsed = JSON.parse(raw) as { error_code?: unknown; message?: unknown };
    if (typeof parsed.error_code === 'number' && parsed.error_code !== 0) {
      return new RegistryError(status, parsed.error_code, `${what}: ${String(parsed.message ?? raw)}`);
    }
  } catch {
    // Not JSON (e.g. the HTTP layer's 413 page): fall through to the status.
  }
  return new RegistryError(status, status, `${what}: HTTP ${status} ${raw.slice(0, 200)}`);
}

function enc(subject: string): string {
  return encodeURIComponent(subject);
}

function text(schema: string | object): string {
  return typeof schema === 'string' ? schema : JSON.stringify(schema);
}

function configPath(subject?: string): string {
  return subject === undefined ? '/config' : `/config/${enc(subject)}`;
}
