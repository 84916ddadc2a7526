// Where the stack keeps its state: everything under one git-ignored folder so `down --purge` is one rm.
import path from 'node:path';

export interface StackPaths {
  readonly repoRoot: string;
  readonly root: string;
  readonly cache: string;
  readonly data: (service: string) => string;
  readonly log: (processId: string) => string;
  readonly pid: (processId: string) => string;
  readonly run: string;
  readonly logs: string;
  /** Generated config files for a service (regenerated on every `up`). */
  readonly conf: (service: string) => string;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function stackPaths(stackDir: string): StackPaths {
  const root = path.resolve(REPO_ROOT, stackDir);
  return {
    repoRoot: REPO_ROOT,
    root,
    cache: path.join(root, 'cache'),
    data: (service) => path.join(root, 'data', service),
    log: (id) => path.join(root, 'logs', `${id}.log`),
    pid: (id) => path.join(root, 'run', `${id}.pid`),
    run: path.join(root, 'run'),
    logs: path.join(root, 'logs'),
    conf: (service) => path.join(root, 'conf', service),
  };
}
