// Fetches jars/archives from Maven Central through `mvn dependency:copy-dependencies` on a small pom kept in
// infra/maven/, with the local repository inside the stack cache so a clean clone never depends on ~/.m2.
import path from 'node:path';
import type { StackContext } from '../service';
import { run, throttledProgress } from './run';

export const MAVEN_POMS = path.resolve(__dirname, '..', '..', 'maven');

export function mavenRepo(ctx: StackContext): string {
  return path.join(ctx.paths.cache, 'm2');
}

export async function copyDependencies(
  ctx: StackContext,
  pomDir: string,
  outputDir: string,
  properties: Record<string, string>,
  extraArgs: string[] = [],
): Promise<void> {
  const props = Object.entries(properties).map(([k, v]) => `-D${k}=${v}`);
  ctx.log(
    `  maven: resolving ${path.basename(pomDir)} (${Object.values(properties).join(', ')}) from Maven Central`,
  );
  await run(
    'mvn',
    [
      '-B',
      '-ntp',
      `-Dmaven.repo.local=${mavenRepo(ctx)}`,
      ...props,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${outputDir}`,
      ...extraArgs,
    ],
    { cwd: path.join(MAVEN_POMS, pomDir), onLine: throttledProgress(ctx.log, '   ') },
  );
}
