// The state manifest (DESIGN §6): operator uid → the state it keeps and its types, one JSON file per job. The
// `plan` CLI step compares the manifest of a change with the deployed one to say whether the saved state stays
// usable (same uid, same state kinds and types) before anyone deploys.
import type { Job } from '../ir';
import type { Plan } from '../plan';

export function emitStateManifest(job: Job, plan: Plan): string {
  const manifest = {
    manifestVersion: 1,
    job: job.id,
    source: job.file,
    className: `io.collabstream.jobs.${plan.className}`,
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
