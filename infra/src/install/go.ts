// Builds a Go server from the Go module proxy with `go install`, binaries into the stack cache (GOBIN) and the
// module/build caches beside them, so nothing lands in ~/go and a purge removes it all.
import fs from 'node:fs';
import path from 'node:path';
import type { StackContext } from '../service';
import { run, throttledProgress } from './run';

export async function goInstall(
  ctx: StackContext,
  pkg: string,
  version: string,
  gobin: string,
): Promise<void> {
  ctx.log(`  go install ${pkg}@${version} (first build takes a few minutes)`);
  const goCache = path.join(ctx.paths.cache, 'go');
  await run('go', ['install', `${pkg}@${version}`], {
    env: {
      GOBIN: gobin,
      GOPATH: path.join(goCache, 'path'),
      GOMODCACHE: path.join(goCache, 'mod'),
      GOCACHE: path.join(goCache, 'build'),
      GOFLAGS: '-mod=mod -modcacherw',
      CGO_ENABLED: '0',
    },
    onLine: throttledProgress(ctx.log, '   '),
  });
  // The module and build caches (~750 MB) are only needed to build; the binary in GOBIN is all we run.
  fs.rmSync(goCache, { recursive: true, force: true });
}
