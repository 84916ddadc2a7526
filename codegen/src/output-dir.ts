// The compiler's output folder is shared with whatever else lives there (a Maven target/, an editor's files, a
// .git if someone points --out at a repository): the compiler must only ever remove what it generated itself.
// It records what it wrote in a manifest inside the folder, and deletes a file only when the previous manifest
// lists it. A non-empty folder without a manifest is not its own, and it refuses to write there.
import fs from 'node:fs';
import path from 'node:path';

export const MANIFEST = '.codegen-manifest';

const HEADER =
  '# Written by codegen (npm run gen): every file it generated in this folder, one per line.\n' +
  '# It deletes a file here only when this list names it; do not edit.\n';

export class OutputDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputDirError';
  }
}

/** A manifest entry must name a file inside the folder: a hand-edited `../x` or `/etc/x` is refused, never deleted. */
function checkedEntry(dir: string, entry: string, line: number): string {
  const normal = path.posix.normalize(entry);
  if (
    path.isAbsolute(entry) ||
    normal !== entry ||
    normal.startsWith('../') ||
    normal === '..' ||
    entry === MANIFEST
  )
    throw new OutputDirError(`${path.join(dir, MANIFEST)}:${line}: '${entry}' is not a file inside ${dir}`);
  return entry;
}

/** The files the previous run generated here, or null when the folder has no manifest. */
export function readManifest(dir: string): Set<string> | null {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return null;
  const entries = new Set<string>();
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() !== '' && !line.startsWith('#')) entries.add(checkedEntry(dir, line, i + 1));
    });
  return entries;
}

function writeManifest(dir: string, names: Iterable<string>): void {
  fs.writeFileSync(path.join(dir, MANIFEST), HEADER + [...names].sort().join('\n') + '\n');
}

const sameContent = (file: string, text: string): boolean =>
  fs.statSync(file).isFile() && fs.readFileSync(file, 'utf8') === text;

/** Removes the folders a deleted file leaves empty, up to (not including) dir. */
function removeEmptyParents(dir: string, name: string): void {
  for (let parent = path.dirname(name); parent !== '.'; parent = path.dirname(parent)) {
    const folder = path.join(dir, parent);
    if (fs.readdirSync(folder).length > 0) return;
    fs.rmdirSync(folder);
  }
}

/**
 * Makes dir hold exactly `files` among the files the compiler generated: writes them (unchanged ones are left
 * alone), deletes what the previous manifest lists and `files` no longer has, and records the new list. Refuses,
 * before touching anything, a path that is not a folder, a non-empty folder without a manifest, and a file in the
 * way that the compiler did not write (unless it already holds exactly the generated text).
 */
export function writeOutputDir(dir: string, files: ReadonlyMap<string, string>): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory())
    throw new OutputDirError(`--out ${dir} is not a folder`);
  fs.mkdirSync(dir, { recursive: true });
  const previous = readManifest(dir);
  if (previous === null && fs.readdirSync(dir).length > 0) {
    throw new OutputDirError(
      `${dir} is not empty and has no ${MANIFEST}, so its files are not the compiler's: ` +
        'give --out an empty or new folder, or one the compiler generated',
    );
  }
  const owned = previous ?? new Set<string>();
  for (const [name, text] of files) {
    const target = path.join(dir, name);
    if (!owned.has(name) && fs.existsSync(target) && !sameContent(target, text))
      throw new OutputDirError(`${target} is in the way: the compiler did not write it (not in ${MANIFEST})`);
  }
  // Listed before they are written: if this run stops halfway, the next one still knows every file it made.
  writeManifest(dir, new Set([...owned, ...files.keys()]));
  for (const [name, text] of files) {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!fs.existsSync(target) || !sameContent(target, text)) fs.writeFileSync(target, text);
  }
  for (const stale of owned) {
    if (files.has(stale)) continue;
    const target = path.join(dir, stale);
    if (fs.existsSync(target) && fs.statSync(target).isFile()) {
      fs.rmSync(target);
      removeEmptyParents(dir, stale);
    }
  }
  writeManifest(dir, files.keys());
}
