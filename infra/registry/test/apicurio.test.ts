import path from 'node:path';
import { parseConfig } from '../../src/config';
import { stackPaths } from '../../src/paths';
import {
  CCOMPAT_PATH,
  DEFAULT_APICURIO_VERSION,
  apicurioArtifact,
  apicurioJvmArgs,
  apicurioProcess,
  apicurioSystemProperties,
  ccompatUrl,
  healthUrl,
  registrySettings,
} from '../src/apicurio';

const raw = {
  host: '127.0.0.1',
  stackDir: '.stack',
  versions: { kafka: '4.2.0', jmxExporter: '1.5.0', flink: '2.2.1', trino: '476', seaweedfs: 'v3.97' },
  kafka: { port: 9092, controllerPort: 9093, metricsPort: 9404, heapMb: 512, readyTimeoutSec: 90 },
  registry: { port: 8085, heapMb: 256, topic: '_schemas', readyTimeoutSec: 90 },
  s3: {},
  flink: {},
  trino: {},
  prometheus: {},
};

describe('registrySettings', () => {
  it('derives everything from the stack config, with defaults for keys it does not have', () => {
    const s = registrySettings(parseConfig(raw, {}), {});
    expect(s).toEqual({
      version: DEFAULT_APICURIO_VERSION,
      host: '127.0.0.1',
      port: 8085,
      managementPort: 8086,
      heapMb: 256,
      topic: '_schemas',
      bootstrapServers: '127.0.0.1:9092',
      defaultCompatibility: 'BACKWARD',
    });
  });

  it('follows port overrides and optional keys', () => {
    const config = parseConfig(
      {
        ...raw,
        versions: { ...raw.versions, registry: '3.2.1' },
        registry: { ...raw.registry, defaultCompatibility: 'full_transitive' },
      },
      { COLLAB_REGISTRY_PORT: '18085', COLLAB_KAFKA_PORT: '19092' },
    );
    const s = registrySettings(config, {});
    expect(s).toMatchObject({
      version: '3.2.1',
      port: 18085,
      managementPort: 18086,
      bootstrapServers: '127.0.0.1:19092',
    });
    expect(s.defaultCompatibility).toBe('FULL_TRANSITIVE');
    expect(registrySettings(config, { COLLAB_REGISTRY_MANAGEMENT_PORT: '9999' }).managementPort).toBe(9999);
  });

  it('rejects an unknown default compatibility level', () => {
    const config = parseConfig(
      { ...raw, registry: { ...raw.registry, defaultCompatibility: 'SIDEWAYS' } },
      {},
    );
    expect(() => registrySettings(config, {})).toThrow(/SIDEWAYS/);
  });
});

describe('Apicurio process', () => {
  const s = registrySettings(parseConfig(raw, {}), {});

  it('binds both listeners to the configured host and stores in Kafka', () => {
    const props = apicurioSystemProperties(s);
    expect(props).toMatchObject({
      'quarkus.http.host': '127.0.0.1',
      'quarkus.http.port': '8085',
      'quarkus.management.host': '127.0.0.1',
      'quarkus.management.port': '8086',
      'apicurio.storage.kind': 'kafkasql',
      'apicurio.kafkasql.bootstrap.servers': '127.0.0.1:9092',
      'apicurio.kafkasql.topic': '_schemas',
      'apicurio.kafkasql.snapshots.topic': '_schemas-snapshots',
      'apicurio.events.kafka.topic': '_schemas-events',
      'apicurio.rules.global.compatibility': 'BACKWARD',
    });
  });

  it('runs the fast-jar with the configured heap', () => {
    const args = apicurioJvmArgs(s, '/x/quarkus-run.jar');
    expect(args).toContain('-Xmx256m');
    expect(args.slice(-2)).toEqual(['-jar', '/x/quarkus-run.jar']);
    expect(args).toContain('-Dquarkus.http.port=8085');
    const spec = apicurioProcess('registry', '/cache/apicurio', '/jvm/25', s, '/data');
    expect(spec).toMatchObject({
      id: 'registry',
      command: path.join('/jvm/25', 'bin', 'java'),
      cwd: '/data',
    });
    expect(spec.args.at(-1)).toBe(path.join('/cache/apicurio', 'quarkus-run.jar'));
  });

  it('names the Maven artifact and the URLs clients use', () => {
    expect(apicurioArtifact('3.3.3')).toBe('io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all');
    expect(ccompatUrl(s)).toBe(`http://127.0.0.1:8085${CCOMPAT_PATH}`);
    expect(healthUrl(s)).toBe('http://127.0.0.1:8086/health/ready');
    expect(stackPaths('.stack').cache).toMatch(/\.stack\/cache$/);
  });
});
