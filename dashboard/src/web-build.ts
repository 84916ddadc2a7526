// The front end's production build (Vite), made on first use and again whenever a source is newer than it, so the
// command and the tests never serve a stale bundle. Output under dashboard/target/ (ignored, never committed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const WEB_SRC = path.resolve(__dirname, '../web');
export const WEB_DIST = path.resolve(__dirname, '../target/web');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs);
  }
  return latest;
}

export function webBuildIsCurrent(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  return fs.existsSync(index) && fs.statSync(index).mtimeMs >= newest(WEB_SRC);
}

/** Builds when needed; returns the folder to serve. */
export function ensureWebBuild(log: (line: string) => void = () => {}): string {
  if (webBuildIsCurrent()) return WEB_DIST;
  log('building the dashboard front end (vite)…');
  const vite = path.resolve(__dirname, '../../node_modules/vite/bin/vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(WEB_SRC, 'vite.config.mjs')],
    {
      cwd: WEB_SRC,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0)
    throw new Error(`vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return WEB_DIST;
}
