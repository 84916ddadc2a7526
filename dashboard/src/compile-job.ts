// The IR of a job file that has no generated output yet (a metric being written, or a test job in difftest/jobs),
// from the compiler's own front end, so its pages are built exactly as for a generated job.
import path from 'node:path';
import type { Job as JobIr } from '../../codegen/src/ir';
import { compileToIr } from '../../codegen/src/compile';
import { REPO_ROOT, formatDiagnostics } from '../../codegen/src/diagnostics';
import { createProject } from '../../codegen/src/load';
import { loadEventSchemas } from '../../codegen/src/schemas';

export class JobCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobCompileError';
  }
}

export function compileJobFiles(files: readonly string[]): JobIr[] {
  if (files.length === 0) return [];
  const project = createProject();
  const schemas = loadEventSchemas(path.join(REPO_ROOT, 'schemas'));
  return files.map((file) => {
    const result = compileToIr(project, path.resolve(file), schemas);
    if (!result.job) throw new JobCompileError(formatDiagnostics(result.diagnostics).trimEnd());
    return result.job;
  });
}
