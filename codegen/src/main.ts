// `npm run gen` regenerates generated-java/ from every job in jobs/; `npm run gen:check` regenerates into a
// temporary folder and fails, listing the files, when anything differs from what is committed.
//
//   tsx codegen/src/main.ts [--check] [--out DIR] [job files…]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compileToIr } from './compile';
import { REPO_ROOT, formatDiagnostics } from './diagnostics';
import { JAVA_TEST_DIR } from './emit/java';
import { emitJsSemanticsTest } from './emit/js-semantics-test';
import { emitPom } from './emit/pom';
import { generateJobFiles } from './generate';
import { createProject } from './load';
import { OutputDirError, writeOutputDir } from './output-dir';
import { loadEventSchemas } from './schemas';

export const GENERATED_DIR = path.join(REPO_ROOT, 'generated-java');

/** Job files: every jobs/*.ts with a default export (shared modules like sources.ts have none). */
export function discoverJobFiles(jobsDir = path.join(REPO_ROOT, 'jobs')): string[] {
  return fs
    .readdirSync(jobsDir)
    .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
    .sort()
    .map((name) => path.join(jobsDir, name))
    .filter((file) => /^export default /m.test(fs.readFileSync(file, 'utf8')));
}

export interface GenerateResult {
  readonly files: Map<string, string>;
  readonly errors: string;
}

/** Every output file of the given jobs (plus the shared pom and the JavaScript-semantics test), by path under generated-java/. */
export function generateAll(jobFiles: readonly string[]): GenerateResult {
  const project = createProject();
  const schemas = loadEventSchemas(path.join(REPO_ROOT, 'schemas'));
  const files = new Map<string, string>([
    ['pom.xml', emitPom()],
    [`${JAVA_TEST_DIR}/JsSemanticsTest.java`, emitJsSemanticsTest()],
  ]);
  let errors = '';
  for (const file of jobFiles) {
    const result = compileToIr(project, file, schemas);
    if (!result.job) {
      errors += formatDiagnostics(result.diagnostics);
      continue;
    }
    for (const [name, text] of generateJobFiles(result.job)) {
      if (files.has(name)) errors += `${name}: written by two jobs\n`;
      files.set(name, text);
    }
  }
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), errors };
}

/** Files under dir (relative, '/'-separated), skipping Maven's target/. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const result: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (child !== 'target') walk(child);
      } else result.push(child);
    }
  };
  walk('');
  return result.sort();
}

/**
 * Writes files into dir, deleting nothing: for a fresh folder (golden cases). The compiler's own output goes
 * through writeOutputDir, which also removes what it generated before and no longer does.
 */
export function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [name, text] of files) {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) fs.writeFileSync(target, text);
  }
}

/** Paths that differ between two trees (missing on either side, or different bytes). */
export function diffTrees(expectedDir: string, actualDir: string): string[] {
  const names = new Set([...listFiles(expectedDir), ...listFiles(actualDir)]);
  const different: string[] = [];
  for (const name of [...names].sort()) {
    const a = path.join(expectedDir, name);
    const b = path.join(actualDir, name);
    if (!fs.existsSync(a) || !fs.existsSync(b) || !fs.readFileSync(a).equals(fs.readFileSync(b)))
      different.push(name);
  }
  return different;
}

const USAGE = 'usage: tsx codegen/src/main.ts [--check] [--out DIR] [job files…]';

interface Options {
  readonly check: boolean;
  readonly outDir: string;
  readonly jobFiles: readonly string[];
}

/** The command line, or a usage error: a bare --out is a mistake, never the current folder. */
export function parseOptions(argv: readonly string[]): Options | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { check: { type: 'boolean' }, out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return `${(error as Error).message}\n${USAGE}`;
  }
  const { values, positionals } = parsed;
  if (values.out !== undefined && values.out.trim() === '') return `--out needs a folder\n${USAGE}`;
  if (values.check && values.out !== undefined)
    return `--check compares with generated-java/ and writes nothing: it takes no --out\n${USAGE}`;
  return {
    check: values.check ?? false,
    outDir: values.out === undefined ? GENERATED_DIR : path.resolve(values.out),
    jobFiles: positionals.length > 0 ? positionals.map((f) => path.resolve(f)) : discoverJobFiles(),
  };
}

function main(argv: readonly string[]): number {
  const options = parseOptions(argv);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    return 2;
  }
  const { check, outDir, jobFiles } = options;
  const started = Date.now();
  const { files, errors } = generateAll(jobFiles);
  if (errors) {
    process.stderr.write(errors);
    return 1;
  }
  if (check) {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-gen-'));
    try {
      writeOutputDir(temp, files);
      const different = diffTrees(GENERATED_DIR, temp);
      if (different.length > 0) {
        process.stderr.write(
          `generated-java/ is out of date; run npm run gen. Differing files:\n${different.map((d) => `  ${d}\n`).join('')}`,
        );
        return 1;
      }
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
    process.stdout.write(
      `generated-java/ is up to date (${jobFiles.length} jobs, ${files.size} files, ${Date.now() - started} ms)\n`,
    );
    return 0;
  }
  try {
    writeOutputDir(outDir, files);
  } catch (error) {
    if (!(error instanceof OutputDirError)) throw error;
    process.stderr.write(`codegen: ${error.message}\n`);
    return 1;
  }
  process.stdout.write(
    `generated ${files.size} files for ${jobFiles.length} jobs into ${path.relative(process.cwd(), outDir) || '.'} in ${Date.now() - started} ms\n`,
  );
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
