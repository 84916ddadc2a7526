#!/usr/bin/env node
// `npm run demo`: installs what is missing (npm packages; Java 17, Maven and Go from Debian when run as root, as
// .ci/run does), then runs the end-to-end demo (e2e/src/demo.ts) with progress on every step.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

const missing = ['java', 'mvn', 'go'].filter((cmd) => !has(cmd));
if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(
      `missing ${missing.join(', ')}: sudo apt-get install -y openjdk-17-jdk-headless maven golang-go`,
    );
    process.exit(1);
  }
  console.log(`== installing ${missing.join(', ')} from Debian ==`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'openjdk-17-jdk-headless', 'maven', 'golang-go']);
}
if (!fs.existsSync(path.join(ROOT, 'node_modules', '.package-lock.json'))) {
  console.log('== npm ci (first run) ==');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'e2e', 'src', 'demo.ts')]);
// Last, the dashboard over the running jobs: it prints its URL and serves until Ctrl-C (the jobs keep running).
console.log('\n== dashboard (Ctrl-C stops it; the jobs and the stack keep running) ==');
const port = process.env.COLLAB_DASHBOARD_PORT ?? '8501';
run(process.execPath, [path.join(ROOT, 'bin', 'collab-stream.js'), 'dashboard', '--port', port]);
