import fs from 'node:fs';
import {
  CONFIG_FILE,
  loadConfig,
  parseConfig,
  taskManagerMetricsPorts,
  taskManagerProcessIds,
} from '../src/config';

const raw = JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as Record<string, unknown>;

describe('stack config', () => {
  it('loads the checked-in file with every service on 127.0.0.1', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.kafka.port).toBe(9092);
    expect(config.registry.port).toBe(8085);
    expect(config.flink.restPort).toBe(8081);
  });

  it('uses one distinct port per listener', () => {
    const c = loadConfig({});
    const ports = [
      c.kafka.port,
      c.kafka.controllerPort,
      c.kafka.metricsPort,
      c.registry.port,
      c.s3.port,
      c.flink.restPort,
      c.flink.rpcPort,
      c.flink.blobPort,
      c.flink.jobManagerMetricsPort,
      ...taskManagerMetricsPorts(c),
      c.trino.port,
      c.prometheus.port,
    ];
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('names and numbers two TaskManager processes, and refuses a count outside 1–8', () => {
    const c = loadConfig({});
    expect(taskManagerProcessIds(c)).toEqual(['flink-taskmanager-1', 'flink-taskmanager-2']);
    expect(taskManagerMetricsPorts(c)).toEqual([
      c.flink.taskManagerMetricsPort,
      c.flink.taskManagerMetricsPort + 1,
    ]);
    const flink = raw.flink as Record<string, unknown>;
    expect(() => parseConfig({ ...raw, flink: { ...flink, taskManagers: 0 } }, {})).toThrow(/taskManagers/);
    expect(() => parseConfig({ ...raw, flink: { ...flink, taskManagers: 1.5 } }, {})).toThrow(/taskManagers/);
  });

  it('applies env overrides for ports, stack dir and credentials', () => {
    const config = parseConfig(raw, {
      COLLAB_KAFKA_PORT: '19092',
      COLLAB_TRINO_PORT: '18088',
      COLLAB_STACK_DIR: '/tmp/elsewhere',
      AWS_ACCESS_KEY_ID: 'AK',
      AWS_SECRET_ACCESS_KEY: 'SK',
    });
    expect(config.kafka.port).toBe(19092);
    expect(config.trino.port).toBe(18088);
    expect(config.stackDir).toBe('/tmp/elsewhere');
    expect(config.credentials).toEqual({ accessKeyId: 'AK', secretAccessKey: 'SK' });
  });

  it('falls back to the documented local-only credentials', () => {
    const config = parseConfig(raw, {});
    expect(config.credentials.accessKeyId).toBe(config.s3.defaultAccessKey);
  });

  it('rejects a bad port override and a config missing a section', () => {
    expect(() => parseConfig(raw, { COLLAB_S3_PORT: 'abc' })).toThrow(/COLLAB_S3_PORT=abc/);
    expect(() => parseConfig(raw, { COLLAB_S3_PORT: '70000' })).toThrow(/not a valid port/);
    const { flink: _flink, ...withoutFlink } = raw;
    expect(() => parseConfig(withoutFlink, {})).toThrow(/lacks "flink"/);
  });
});
