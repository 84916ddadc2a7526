// The state manifest (DESIGN §6): operator uid → name, kind and the state it keeps with its types, one JSON file per
// job: the topology of the generated job (its test checks its production graph against it), and what a comparison
// with the deployed manifest reads to say whether saved state stays usable (same uid, same state kinds and types).
import type { Job } from '../ir';
import type { Plan } from '../plan';

export function emitStateManifest(job: Job, plan: Plan): string {
  const manifest = {
    manifestVersion: 1,
    job: job.id,
    source: job.file,
    className: `io.collabstream.jobs.${plan.className}`,
    maxParallelism: plan.maxParallelism,
    metrics: job.metrics.map((m) => ({ id: m.id, version: m.version })),
    operators: plan.operators.map((op) => ({
      uid: op.uid,
      name: op.name,
      kind: op.kind,
      metric: op.metric,
      state: op.state,
    })),
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}
