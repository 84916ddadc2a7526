// Install markers: a file whose name encodes what was installed, so a later run skips the download, and a version
// bump in stack.config.json triggers a fresh install instead of silently running the old one.
import fs from 'node:fs';
import path from 'node:path';

export function markerPath(dir: string, key: string): string {
  return path.join(dir, `.installed-${key.replace(/[^A-Za-z0-9._-]/g, '_')}`);
}

export function isInstalled(dir: string, key: string): boolean {
  return fs.existsSync(markerPath(dir, key));
}

export function markInstalled(dir: string, key: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(markerPath(dir, key), `${new Date().toISOString()}\n`);
}

/** Runs `install` into a fresh `dir` unless the marker for `key` exists; the marker is written last. */
export async function installOnce(dir: string, key: string, install: () => Promise<void>): Promise<boolean> {
  if (isInstalled(dir, key)) return false;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  await install();
  markInstalled(dir, key);
  return true;
}
