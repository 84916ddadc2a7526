import { startOrder, withDependencies } from '../src/order';
import type { Service } from '../src/service';
import { SERVICES } from '../src/services';

const fake = (name: string, dependsOn: string[] = []): Service => ({
  name,
  dependsOn,
  ports: () => [],
  install: async () => {},
  processes: async () => [],
  ready: async () => true,
  readyTimeoutMs: () => 1,
  urls: () => ({}),
});

describe('service order', () => {
  it('starts every service after its dependencies', () => {
    const order = startOrder(SERVICES).map((s) => s.name);
    for (const service of SERVICES) {
      for (const dep of service.dependsOn)
        expect(order.indexOf(dep)).toBeLessThan(order.indexOf(service.name));
    }
    expect(order).toHaveLength(SERVICES.length);
  });

  it('adds dependencies of the services asked for', () => {
    expect(withDependencies(SERVICES, ['flink']).map((s) => s.name)).toEqual(['s3', 'flink']);
  });

  it('reports cycles and unknown names', () => {
    expect(() => startOrder([fake('a', ['b']), fake('b', ['a'])])).toThrow(/cycle: a -> b -> a/);
    expect(() => withDependencies(SERVICES, ['nope'])).toThrow(/unknown service "nope"/);
    expect(() => startOrder([fake('a', ['zz'])])).toThrow(/unknown service zz/);
  });
});
