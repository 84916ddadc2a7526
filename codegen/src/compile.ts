// The front end as one function: load → lower → validate. Returns the IR or the diagnostics, never throws on a
// bad job (only on a compiler bug).
import type { Project } from 'ts-morph';
import type { Diagnostic } from './diagnostics';
import { sortDiagnostics } from './diagnostics';
import type { EventSchema, Job } from './ir';
import { loadJob } from './load';
import { lowerJob } from './lower';
import { validateJob } from './validate';

export interface FrontEndResult {
  readonly job: Job | null;
  readonly diagnostics: readonly Diagnostic[];
}

export function compileToIr(
  project: Project,
  jobFile: string,
  schemas: ReadonlyMap<string, EventSchema>,
): FrontEndResult {
  const loaded = loadJob(project, jobFile);
  if (!loaded.ok) return { job: null, diagnostics: sortDiagnostics(loaded.diagnostics) };
  const lowered = lowerJob(loaded.job, schemas);
  if (!lowered.job) return { job: null, diagnostics: sortDiagnostics(lowered.diagnostics) };
  const invalid = validateJob(lowered.job);
  return invalid.length > 0
    ? { job: null, diagnostics: sortDiagnostics(invalid) }
    : { job: lowered.job, diagnostics: [] };
}
