// Installs Debian packages with apt-get (the machines run as root). `apt-get update` runs once per stack cache,
// since a fresh image may have no package lists at all.
import fs from 'node:fs';
import path from 'node:path';
import type { StackContext } from '../service';
import { InstallError, run, throttledProgress } from './run';

export function commandExists(file: string): boolean {
  return fs.existsSync(file);
}

export async function aptInstall(ctx: StackContext, packages: string[]): Promise<void> {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const [cmd, ...prefix] = [...sudo, 'apt-get'];
  if (!cmd) throw new InstallError('no apt-get');
  const updated = path.join(ctx.paths.cache, '.apt-updated');
  if (!fs.existsSync(updated)) {
    ctx.log('  apt-get update');
    await run(cmd, [...prefix, 'update'], { onLine: throttledProgress(ctx.log, '   ') });
    fs.mkdirSync(ctx.paths.cache, { recursive: true });
    fs.writeFileSync(updated, new Date().toISOString());
  }
  ctx.log(`  apt-get install ${packages.join(' ')}`);
  await run(cmd, [...prefix, 'install', '-y', '--no-install-recommends', ...packages], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
    onLine: throttledProgress(ctx.log, '   '),
  });
}
