// The versions of a job that `plan` and `deploy --upgrade` compare, each the compiler's IR with its state manifest:
// as committed at a git revision, in a directory laid out like generated-java/, inside a job jar
// (collab-stream/ir, collab-stream/manifests), or as a running job publishes it in its Flink job configuration
// (runtime DeployedVersion: gzipped, base64'd).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { REPO_ROOT } from '../../codegen/src/diagnostics';
import type { Job as IrJob } from '../../codegen/src/ir';
import type { JobVersion, StateManifest } from '../../codegen/src/plan-diff';
import { UsageError } from './args';

/** The deployed side from git: generated-java/ir and manifests as committed at the revision. */
export function readGitRevision(command: string, ref: string): Map<string, JobVersion> {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new UsageError(`${command}: --base ${ref}: not a git revision of this repository`);
  }
  const names = git('ls-tree', '--name-only', `${ref}:generated-java/ir`)
    .split('\n')
    .filter((name) => name.endsWith('.ir.json'))
    .map((name) => `ir/${name}`);
  return readVersions(
    command,
    names,
    (name) => {
      try {
        return git('show', `${ref}:generated-java/${name}`);
      } catch {
        return undefined;
      }
    },
    `--base ${ref}`,
  );
}

/** The deployed side from a directory laid out like generated-java/ (ir/ and manifests/). */
export function readManifestDir(command: string, dir: string): Map<string, JobVersion> {
  const irDir = path.join(dir, 'ir');
  if (!fs.existsSync(irDir)) throw new UsageError(`${command}: --manifests ${dir}: no ir/ folder in it`);
  const names = fs
    .readdirSync(irDir)
    .filter((name) => name.endsWith('.ir.json'))
    .map((name) => `ir/${name}`);
  return readVersions(
    command,
    names,
    (name) =>
      fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), 'utf8') : undefined,
    `--manifests ${dir}`,
  );
}

export const SUPPORTED_IR = [1, 2, 3, 4, 5, 6, 7, 8];

/** Each job's IR (`ir/<id>.ir.json`) with its manifest (`manifests/<id>.state.json`), by job id. */
export function readVersions(
  command: string,
  irNames: readonly string[],
  read: (name: string) => string | undefined,
  where: string,
): Map<string, JobVersion> {
  const versions = new Map<string, JobVersion>();
  for (const irName of [...irNames].sort()) {
    const id = path.basename(irName, '.ir.json');
    const manifestName = `manifests/${id}.state.json`;
    const irText = read(irName);
    const manifestText = read(manifestName);
    if (irText === undefined || manifestText === undefined)
      throw new UsageError(
        `${command}: ${where}: ${irText === undefined ? irName : manifestName} is missing`,
      );
    const ir = parseJson<IrJob>(command, irText, `${where}: ${irName}`);
    const manifest = parseJson<StateManifest>(command, manifestText, `${where}: ${manifestName}`);
    if (!SUPPORTED_IR.includes(ir.irVersion))
      throw new UsageError(
        `${command}: ${where}: ${irName} has irVersion ${String(ir.irVersion)}; plan reads ${SUPPORTED_IR.join(', ')}`,
      );
    if (manifest.manifestVersion !== 1)
      throw new UsageError(
        `${command}: ${where}: ${manifestName} has manifestVersion ${String(manifest.manifestVersion)}`,
      );
    versions.set(ir.id, { ir, manifest });
  }
  return versions;
}

function parseJson<T>(command: string, text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new UsageError(`${command}: ${where}: not JSON (${(error as Error).message})`);
  }
}

/** The version a job jar carries for `jobId`, or undefined when the jar has none (built before it did). */
export function versionInJar(command: string, jarPath: string, jobId: string): JobVersion | undefined {
  const names = [`ir/${jobId}.ir.json`, `manifests/${jobId}.state.json`];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-jar-'));
  try {
    // The JDK's jar tool: always there where the job jar was built, unlike unzip.
    execFileSync('jar', ['xf', path.resolve(jarPath), ...names.map((n) => `collab-stream/${n}`)], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const read = (name: string) => {
      const file = path.join(dir, 'collab-stream', name);
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    };
    if (read(names[0]!) === undefined) return undefined;
    return readVersions(command, [names[0]!], read, jarPath).get(jobId);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The version a running job published (`collab.version` of its user config). */
export function publishedVersion(command: string, encoded: string, where: string): JobVersion {
  let text: string;
  try {
    text = zlib.gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8');
  } catch (error) {
    throw new UsageError(
      `${command}: ${where}: collab.version is not gzipped base64 (${(error as Error).message})`,
    );
  }
  const both = parseJson<{ ir: IrJob; manifest: StateManifest }>(command, text, where);
  const id = both.ir.id;
  return readVersions(
    command,
    [`ir/${id}.ir.json`],
    (name) => JSON.stringify(name.startsWith('ir/') ? both.ir : both.manifest),
    where,
  ).get(id)!;
}
