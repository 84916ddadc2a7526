// Dependency order for `up` (and its reverse for `down`), with a clear error for unknown or cyclic dependencies.
import type { Service } from './service';

export function startOrder(services: readonly Service[]): Service[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const ordered: Service[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (service: Service, trail: string[]): void => {
    const seen = state.get(service.name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`dependency cycle: ${[...trail, service.name].join(' -> ')}`);
    state.set(service.name, 'visiting');
    for (const dep of service.dependsOn) {
      const target = byName.get(dep);
      if (!target) throw new Error(`service ${service.name} depends on unknown service ${dep}`);
      visit(target, [...trail, service.name]);
    }
    state.set(service.name, 'done');
    ordered.push(service);
  };
  for (const service of services) visit(service, []);
  return ordered;
}

/** The services to start for `up <names…>`: the named ones plus everything they depend on, in start order. */
export function withDependencies(services: readonly Service[], names: readonly string[]): Service[] {
  if (names.length === 0) return startOrder(services);
  const byName = new Map(services.map((s) => [s.name, s]));
  const wanted = new Set<string>();
  const add = (name: string): void => {
    const service = byName.get(name);
    if (!service) throw new Error(`unknown service "${name}" (known: ${[...byName.keys()].join(', ')})`);
    if (wanted.has(name)) return;
    wanted.add(name);
    service.dependsOn.forEach(add);
  };
  names.forEach(add);
  return startOrder(services).filter((s) => wanted.has(s.name));
}
