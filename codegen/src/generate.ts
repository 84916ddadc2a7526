// Back end as one function: IR → every output file of a job, by path relative to generated-java/. Pure: no I/O,
// so golden tests and the determinism test call it directly.
import { emitJavaJob, JAVA_DIR, JAVA_TEST_DIR } from './emit/java';
import { emitJavaTest } from './emit/java-test';
import { emitStateManifest } from './emit/manifest';
import { emitTrinoDdl } from './emit/trino';
import type { Job } from './ir';
import { planJob } from './plan';

export function generateJobFiles(job: Job): Map<string, string> {
  const plan = planJob(job);
  const files = new Map<string, string>();
  files.set(`ir/${job.id}.ir.json`, JSON.stringify(job, null, 2) + '\n');
  files.set(`manifests/${job.id}.state.json`, emitStateManifest(job, plan));
  for (const [name, text] of emitTrinoDdl(job)) files.set(`ddl/${name}`, text);
  files.set(`${JAVA_DIR}/${plan.className}.java`, emitJavaJob(job, plan));
  files.set(`${JAVA_TEST_DIR}/${plan.className}Test.java`, emitJavaTest(job, plan));
  return files;
}
