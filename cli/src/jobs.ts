// Finds a job by id (jobs/index.ts) or by the path of a file whose default export is a job.
import fs from 'node:fs';
import path from 'node:path';
import type { Job } from '../../dsl';
import { JOBS } from '../../jobs';
import { UsageError } from './args';

function isJob(value: unknown): value is Job {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'job';
}

export function resolveJob(reference: string): Job {
  const byId = JOBS.get(reference);
  if (byId) return byId;
  const file = path.resolve(reference);
  if (!fs.existsSync(file)) {
    throw new UsageError(
      `unknown job '${reference}': not a job id (${[...JOBS.keys()].join(', ')}) and no such file`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- job files are loaded at run time by path
  const loaded = require(file) as { default?: unknown };
  if (!isJob(loaded.default))
    throw new UsageError(`${reference}: the default export is not a job(...) definition`);
  return loaded.default;
}
