// Which java runs which service: Kafka and Flink on the machine's default JDK (17), Trino on the newest one
// (it needs 24+). COLLAB_TRINO_JAVA_HOME overrides the search.
import fs from 'node:fs';
import path from 'node:path';

export function defaultJava(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

export function javaHomeAtLeast(
  minMajor: number,
  env: Record<string, string | undefined> = process.env,
): string {
  const candidates = [env.COLLAB_TRINO_JAVA_HOME, ...listJvms()].filter((d): d is string => !!d);
  for (const home of candidates) {
    const release = path.join(home, 'release');
    if (!fs.existsSync(release)) continue;
    const match = /JAVA_VERSION="(\d+)/.exec(fs.readFileSync(release, 'utf8'));
    if (match && Number(match[1]) >= minMajor && fs.existsSync(path.join(home, 'bin', 'java'))) return home;
  }
  throw new Error(
    `no Java ${minMajor}+ found (looked in /usr/lib/jvm); install one (e.g. Temurin 25) or set COLLAB_TRINO_JAVA_HOME`,
  );
}

function listJvms(): string[] {
  const root = '/usr/lib/jvm';
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .map((d) => path.join(root, d))
    .sort()
    .reverse();
}
