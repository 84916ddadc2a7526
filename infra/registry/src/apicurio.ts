// How the local stack runs Apicurio Registry 3.x as its Confluent-compatible schema registry: which artifact,
// which JVM, which settings. Kept apart from the stack's service slot (infra/src/services/registry.ts) so the
// stack test can start a second, isolated instance (own port, own topics) from the very same definition.
import fs from 'node:fs';
import path from 'node:path';
import type { StackConfig } from '../../src/config';
import { untarGz } from '../../src/install/archive';
import { installOnce } from '../../src/install/marker';
import { mavenRepo } from '../../src/install/maven';
import { run, throttledProgress } from '../../src/install/run';
import type { ProcessSpec, StackContext } from '../../src/service';

/** Used when stack.config.json has no `versions.registry`. 3.3.3 is the newest release whose bundle Central serves. */
export const DEFAULT_APICURIO_VERSION = '3.3.3';

/** Apicurio 3.x is compiled for Java 21 (class file 65); the machine default (17) refuses to load it. */
export const APICURIO_MIN_JAVA = 21;

/** The Confluent-compatible API lives under this prefix, not at the root: clients take it as part of the base URL. */
export const CCOMPAT_PATH = '/apis/ccompat/v7';

// Quarkus's own default is 50 MB, but the Kafka journal refuses records over 1 MB with a bare 500; capping the
// request body lower turns an oversized schema into a clean 413 instead.
const MAX_BODY = '512K';

export interface RegistrySettings {
  readonly version: string;
  readonly host: string;
  readonly port: number;
  /** Quarkus management interface (health, metrics); always on in Apicurio's build, so it must get a port. */
  readonly managementPort: number;
  readonly heapMb: number;
  /** The Kafka journal topic; snapshots and events go to `<topic>-snapshots` and `<topic>-events`. */
  readonly topic: string;
  readonly bootstrapServers: string;
  /** Compatibility level applied while no global level has been set through PUT /config. */
  readonly defaultCompatibility: CompatibilityLevel;
}

export const COMPATIBILITY_LEVELS = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

interface OptionalRegistryKeys {
  managementPort?: number;
  defaultCompatibility?: string;
}

/** The registry's settings from the stack config; keys the config does not have yet fall back to defaults. */
export function registrySettings(
  config: StackConfig,
  env: Record<string, string | undefined> = process.env,
): RegistrySettings {
  const extra = config.registry as typeof config.registry & OptionalRegistryKeys;
  const versions = config.versions as typeof config.versions & { registry?: string };
  const defaultCompatibility = (extra.defaultCompatibility ?? 'BACKWARD').toUpperCase();
  if (!(COMPATIBILITY_LEVELS as readonly string[]).includes(defaultCompatibility)) {
    throw new Error(
      `registry.defaultCompatibility=${defaultCompatibility} is not one of ${COMPATIBILITY_LEVELS.join(', ')}`,
    );
  }
  const mgmtFromEnv = env.COLLAB_REGISTRY_MANAGEMENT_PORT
    ? Number(env.COLLAB_REGISTRY_MANAGEMENT_PORT)
    : undefined;
  return {
    version: versions.registry ?? DEFAULT_APICURIO_VERSION,
    host: config.host,
    port: config.registry.port,
    // Next to the API port by default so a moved registry (COLLAB_REGISTRY_PORT) moves both.
    managementPort: mgmtFromEnv ?? extra.managementPort ?? config.registry.port + 1,
    heapMb: config.registry.heapMb,
    topic: config.registry.topic,
    bootstrapServers: `${config.host}:${config.kafka.port}`,
    defaultCompatibility: defaultCompatibility as CompatibilityLevel,
  };
}

export function ccompatUrl(s: Pick<RegistrySettings, 'host' | 'port'>): string {
  return `http://${s.host}:${s.port}${CCOMPAT_PATH}`;
}

export function healthUrl(s: Pick<RegistrySettings, 'host' | 'managementPort'>): string {
  return `http://${s.host}:${s.managementPort}/health/ready`;
}

/** Runtime settings, as -D system properties (they outrank the bundle's application.properties). */
export function apicurioSystemProperties(s: RegistrySettings): Record<string, string> {
  return {
    'quarkus.http.host': s.host,
    'quarkus.http.port': String(s.port),
    'quarkus.management.host': s.host,
    'quarkus.management.port': String(s.managementPort),
    'quarkus.http.limits.max-body-size': MAX_BODY,
    // One line per request would make the log the largest file of the stack under the simulator's load.
    'quarkus.http.access-log.enabled': 'false',
    'quarkus.log.console.json': 'false',
    'apicurio.storage.kind': 'kafkasql',
    'apicurio.kafkasql.bootstrap.servers': s.bootstrapServers,
    'apicurio.kafkasql.topic': s.topic,
    'apicurio.kafkasql.snapshots.topic': `${s.topic}-snapshots`,
    'apicurio.events.kafka.topic': `${s.topic}-events`,
    // Confluent's default is BACKWARD; Apicurio's is "no rule", which would accept any change.
    'apicurio.rules.global.compatibility': s.defaultCompatibility,
    // Same schema in other JSON formatting or key order → same id, as Confluent does.
    'apicurio.ccompat.use-canonical-hash': 'true',
  };
}

export function apicurioJvmArgs(s: RegistrySettings, runnerJar: string): string[] {
  const props = Object.entries(apicurioSystemProperties(s)).map(([k, v]) => `-D${k}=${v}`);
  return [
    `-Xms64m`,
    `-Xmx${s.heapMb}m`,
    // A small heap on a 2-core machine: the serial collector keeps RSS lowest and costs nothing at this load.
    '-XX:+UseSerialGC',
    '-Xss512k',
    '-Djava.awt.headless=true',
    ...props,
    '-jar',
    runnerJar,
  ];
}

export function apicurioHome(ctx: StackContext, version: string): string {
  return path.join(ctx.paths.cache, `apicurio-registry-${version}`);
}

/** The artifact: Apicurio's `all` assembly of the app module, a ready-to-run Quarkus fast-jar (~160 MB). */
export function apicurioArtifact(version: string): string {
  return `io.apicurio:apicurio-registry-app:${version}:tar.gz:all`;
}

/** Downloads the bundle from Maven Central into the stack cache and unpacks it; a no-op once done. */
export async function installApicurio(ctx: StackContext, version: string): Promise<boolean> {
  const home = apicurioHome(ctx, version);
  return installOnce(home, `apicurio-${version}`, async () => {
    const download = path.join(home, '.download');
    ctx.log(`  registry: fetching ${apicurioArtifact(version)} from Maven Central`);
    await run(
      'mvn',
      [
        '-B',
        '-ntp',
        `-Dmaven.repo.local=${mavenRepo(ctx)}`,
        // Pinned: the machine's default dependency plugin (2.8) cannot copy a classified artifact without a pom.
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
        `-Dartifact=${apicurioArtifact(version)}`,
        `-DoutputDirectory=${download}`,
      ],
      { cwd: ctx.paths.cache, onLine: throttledProgress(ctx.log, '   ') },
    );
    const tarball = path.join(download, `apicurio-registry-app-${version}-all.tar.gz`);
    await untarGz(tarball, home);
    fs.rmSync(download, { recursive: true, force: true });
    if (!fs.existsSync(path.join(home, 'quarkus-run.jar'))) {
      throw new Error(`${tarball} did not contain quarkus-run.jar`);
    }
  });
}

export function apicurioProcess(
  id: string,
  home: string,
  javaHome: string,
  settings: RegistrySettings,
  workDir: string,
): ProcessSpec {
  return {
    id,
    command: path.join(javaHome, 'bin', 'java'),
    args: apicurioJvmArgs(settings, path.join(home, 'quarkus-run.jar')),
    cwd: workDir,
  };
}
