// The contract every local-stack service implements. The launcher (main.ts) only talks to services through this
// interface, so a service can be added (e.g. registry.ts, owned by the schema-registry helper) without touching
// the launcher.
import type { StackConfig } from './config';
import type { StackPaths } from './paths';

export interface StackContext {
  readonly config: StackConfig;
  readonly paths: StackPaths;
  /** Progress output for humans (install steps, readiness waits). */
  log(message: string): void;
}

/** What `status` prints for a service: named URLs, e.g. { rest: 'http://127.0.0.1:8081' }. */
export type ServiceUrls = Record<string, string>;

/** One OS process a service runs; its pid file is `.stack/run/<id>.pid`, its log `.stack/logs/<id>.log`. */
export interface ProcessSpec {
  /** Unique across the stack, e.g. 'kafka', 'flink-jobmanager'. */
  readonly id: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: Record<string, string>;
}

export interface Service {
  /** Stable name used on the command line (`stack logs <name>`) and in `dependsOn`. */
  readonly name: string;
  /** Services that must be ready before this one starts. */
  readonly dependsOn: readonly string[];
  /** TCP ports this service binds on 127.0.0.1; `up` refuses to start it if a foreign process holds one. */
  ports(ctx: StackContext): number[];
  /** Downloads/builds into `ctx.paths.cache`; must be a fast no-op when already done (check a marker file). */
  install(ctx: StackContext): Promise<void>;
  /** The processes to spawn, in order; called after install, before spawning. May write config files. */
  processes(ctx: StackContext): Promise<ProcessSpec[]>;
  /** One readiness probe; true when the service answers. Must not throw for "not yet" (return false). */
  ready(ctx: StackContext): Promise<boolean>;
  /** How long `up` waits for `ready` before failing with the log tail. */
  readyTimeoutMs(ctx: StackContext): number;
  /** Idempotent setup once ready: buckets, topics, schemas. Runs on every `up`. */
  afterReady?(ctx: StackContext): Promise<void>;
  urls(ctx: StackContext): ServiceUrls;
}
