// Unpacking of downloaded archives with the system tools every Debian has (tar, unzip/python zipfile).
import { run } from './run';

export async function untarGz(file: string, dest: string, stripComponents = 0): Promise<void> {
  await run('tar', ['-xzf', file, '-C', dest, `--strip-components=${stripComponents}`]);
}

/** Unzips with Python's zipfile (always present on Debian), optionally only members under `prefixes`. */
export async function unzip(file: string, dest: string, prefixes: string[] = []): Promise<void> {
  const script = [
    'import sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1]); prefixes = sys.argv[3:]',
    'names = [n for n in z.namelist() if not prefixes or any(n.startswith(p) for p in prefixes)]',
    'z.extractall(sys.argv[2], names)',
  ].join('\n');
  await run('python3', ['-c', script, file, dest, ...prefixes]);
}
