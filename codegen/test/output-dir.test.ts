// The compiler removes only what it generated itself (issue 18: `--out DIR` used to delete every other file in
// DIR, .git included, and a bare `--out` meant the current folder).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOptions } from '../src/main';
import { MANIFEST, OutputDirError, readManifest, writeOutputDir } from '../src/output-dir';

const ROOT = path.resolve(__dirname, '../..');
const made: string[] = [];
const fresh = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codegen-out-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
const put = (dir: string, name: string, text = 'mine\n') => {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
};
const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('writeOutputDir', () => {
  it('writes the files into a new folder and lists them in its manifest', () => {
    const dir = path.join(fresh(), 'out');
    writeOutputDir(dir, files({ 'pom.xml': 'p', 'src/A.java': 'a' }));
    expect(read(dir, 'src/A.java')).toBe('a');
    expect(readManifest(dir)).toEqual(new Set(['pom.xml', 'src/A.java']));
  });

  it('deletes what it generated before and no longer does, and nothing else', () => {
    const dir = fresh();
    writeOutputDir(dir, files({ 'pom.xml': 'p', 'src/a/A.java': 'a', 'src/B.java': 'b' }));
    put(dir, '.git/HEAD');
    put(dir, 'target/classes/A.class');
    put(dir, 'src/a/notes.txt');
    put(dir, 'README.md');
    writeOutputDir(dir, files({ 'pom.xml': 'p2' }));
    expect(fs.existsSync(path.join(dir, 'src/a/A.java'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'src/B.java'))).toBe(false);
    for (const mine of ['.git/HEAD', 'target/classes/A.class', 'src/a/notes.txt', 'README.md'])
      expect(read(dir, mine)).toBe('mine\n');
    expect(read(dir, 'pom.xml')).toBe('p2');
    expect(readManifest(dir)).toEqual(new Set(['pom.xml']));
  });

  it('removes the folders its deletions leave empty', () => {
    const dir = fresh();
    writeOutputDir(dir, files({ 'src/main/A.java': 'a', 'pom.xml': 'p' }));
    writeOutputDir(dir, files({ 'pom.xml': 'p' }));
    expect(fs.readdirSync(dir).sort()).toEqual([MANIFEST, 'pom.xml']);
  });

  it('refuses a non-empty folder without a manifest and touches nothing in it', () => {
    const dir = fresh();
    put(dir, '.git/HEAD');
    put(dir, 'pom.xml', 'their pom');
    expect(() => writeOutputDir(dir, files({ 'pom.xml': 'p' }))).toThrow(OutputDirError);
    expect(() => writeOutputDir(dir, files({ 'pom.xml': 'p' }))).toThrow(
      /is not empty and has no \.codegen-manifest/,
    );
    expect(read(dir, 'pom.xml')).toBe('their pom');
    expect(fs.readdirSync(dir).sort()).toEqual(['.git', 'pom.xml']);
  });

  it('refuses to overwrite a file it did not write, unless it already holds the generated text', () => {
    const dir = fresh();
    writeOutputDir(dir, files({ 'pom.xml': 'p' }));
    put(dir, 'src/A.java', 'hand-written');
    expect(() => writeOutputDir(dir, files({ 'pom.xml': 'p', 'src/A.java': 'a' }))).toThrow(/is in the way/);
    expect(read(dir, 'src/A.java')).toBe('hand-written');
    expect(readManifest(dir)).toEqual(new Set(['pom.xml']));
    put(dir, 'src/A.java', 'a');
    writeOutputDir(dir, files({ 'pom.xml': 'p', 'src/A.java': 'a' }));
    expect(readManifest(dir)).toEqual(new Set(['pom.xml', 'src/A.java']));
  });

  it.each(['../outside.txt', '/etc/hostname', 'src/../../outside.txt'])(
    'refuses a manifest entry outside the folder (%s) and deletes nothing',
    (entry) => {
      const parent = fresh();
      const dir = path.join(parent, 'out');
      writeOutputDir(dir, files({ 'pom.xml': 'p' }));
      put(parent, 'outside.txt');
      fs.appendFileSync(path.join(dir, MANIFEST), `${entry}\n`);
      expect(() => writeOutputDir(dir, files({ 'pom.xml': 'p' }))).toThrow(/is not a file inside/);
      expect(read(parent, 'outside.txt')).toBe('mine\n');
    },
  );

  it('refuses a path that is a file', () => {
    const dir = fresh();
    put(dir, 'file');
    expect(() => writeOutputDir(path.join(dir, 'file'), files({ 'pom.xml': 'p' }))).toThrow(
      /is not a folder/,
    );
  });
});

describe('codegen arguments', () => {
  it.each([
    [['--out'], /argument missing/],
    [['--out', '--check'], /ambiguous/],
    [['--out='], /--out needs a folder/],
    [['--check', '--out', 'x'], /takes no --out/],
    [['--frobnicate'], /Unknown option/],
  ])('%j is a usage error', (argv, message) => {
    const result = parseOptions(argv);
    expect(typeof result).toBe('string');
    expect(result).toMatch(message);
  });

  it('takes --out DIR and job files', () => {
    expect(parseOptions(['--out', 'build/x', 'jobs/a.ts'])).toEqual({
      check: false,
      outDir: path.resolve('build/x'),
      jobFiles: [path.resolve('jobs/a.ts')],
    });
  });

  it('exits with the error, .git untouched, when --out names a folder that is not its own', () => {
    const dir = fresh();
    put(dir, '.git/HEAD');
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'codegen/src/main.ts', '--out', dir],
        { cwd: ROOT, stdio: 'pipe' },
      );
    } catch (error) {
      const e = error as { status: number; stderr: Buffer };
      failure = { status: e.status, stderr: e.stderr.toString() };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toContain(`codegen: ${dir} is not empty and has no .codegen-manifest`);
    expect(fs.readdirSync(dir)).toEqual(['.git']);
    expect(read(dir, '.git/HEAD')).toBe('mine\n');
  }, 120_000);
});
