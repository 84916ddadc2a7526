// The lake bucket on a filesystem of its own, so that the `lake-disk-full` fault can fill it without filling the
// machine's disk: an ext4 image (no blocks reserved for root, which the S3 server runs as) loop-mounted over the S3
// server's bucket directory for the length of a campaign. Attaching copies the bucket in (metastore, history
// tables); detaching copies it back, so the stack after a campaign is the stack before it plus what the runs wrote.
// Mounting needs root (the stack's tools are installed as root too).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startService, stopService } from '../../infra/src/lifecycle';
import type { Service, StackContext } from '../../infra/src/service';
import { SERVICES } from '../../infra/src/services';
import { bucketDir } from '../../infra/src/services/s3';

/** Big enough for a run's lake (a few MB) many times over, small enough to fill in well under a second. */
export const LAKE_VOLUME_MB = 256;
const BALLAST = '.chaos-ballast';

export interface LakeVolume {
  /** The bucket directory the image is mounted on. */
  readonly dir: string;
  readonly image: string;
}

function sh(command: string, ...args: string[]): void {
  const done = spawnSync(command, args, { encoding: 'utf8' });
  if (done.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${done.status}: ${done.stderr.trim()}`);
}

const isMountPoint = (dir: string) => spawnSync('mountpoint', ['-q', dir]).status === 0;
const s3Service = (): Service => SERVICES.find((s) => s.name === 's3')!;

/** Replaces `to`'s content by `from`'s (both directories), keeping owners, modes and the S3 server's xattrs. */
function copyContent(from: string, to: string): void {
  for (const entry of fs.readdirSync(to)) fs.rmSync(path.join(to, entry), { recursive: true, force: true });
  sh('cp', '-a', `${from}/.`, to);
}

/** Mounts a fresh volume holding a copy of the lake bucket over it (S3 is stopped meanwhile). */
export async function attachLakeVolume(ctx: StackContext, log: (text: string) => void): Promise<LakeVolume> {
  if (process.getuid?.() !== 0)
    throw new Error('lake-disk-full mounts a small filesystem for the lake bucket: run the campaign as root');
  const dir = bucketDir(ctx, ctx.config.trino.lakeBucket);
  if (isMountPoint(dir)) throw new Error(`${dir} is already a mount point: detach it first (umount ${dir})`);
  const image = path.join(ctx.paths.data('s3'), 'chaos-lake.img');
  const staging = `${image}.mnt`;
  log(`chaos: moving the lake bucket onto a ${LAKE_VOLUME_MB} MB volume (${image})`);
  await stopService(ctx, s3Service());
  try {
    fs.rmSync(image, { force: true });
    sh('truncate', '-s', `${LAKE_VOLUME_MB}M`, image);
    sh('mkfs.ext4', '-q', '-F', '-m', '0', image);
    fs.mkdirSync(staging, { recursive: true });
    sh('mount', '-o', 'loop', image, staging);
    try {
      copyContent(dir, staging);
    } finally {
      sh('umount', staging);
    }
    sh('mount', '-o', 'loop', image, dir);
  } finally {
    await startService(ctx, s3Service());
  }
  return { dir, image };
}

/** Copies the volume's content back into the bucket directory under it and removes the volume. */
export async function detachLakeVolume(
  ctx: StackContext,
  volume: LakeVolume,
  log: (text: string) => void,
): Promise<void> {
  log(`chaos: moving the lake bucket back from ${volume.image}`);
  await stopService(ctx, s3Service());
  try {
    emptyVolume(volume);
    const staging = `${volume.image}.mnt`;
    sh('umount', volume.dir);
    sh('mount', '-o', 'loop', '-r', volume.image, staging);
    try {
      copyContent(staging, volume.dir);
    } finally {
      sh('umount', staging);
    }
    fs.rmSync(volume.image, { force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  } finally {
    await startService(ctx, s3Service());
  }
}

/** Fills the volume to its last block with a ballast file; returns the ballast's size in bytes. */
export function fillVolume(volume: LakeVolume): number {
  const file = path.join(volume.dir, BALLAST);
  const { bsize, bfree } = fs.statfsSync(volume.dir);
  // fallocate needs blocks for the file's own extent tree too: it takes all but 2 %, and the rest is written
  // block by block until the filesystem says it is full.
  const bulk = Math.floor(bfree * 0.98) - 16;
  if (bulk > 0) sh('fallocate', '-l', String(bulk * bsize), file);
  const fd = fs.openSync(file, 'a');
  try {
    const block = Buffer.alloc(bsize);
    for (;;) fs.writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

export function emptyVolume(volume: LakeVolume): void {
  fs.rmSync(path.join(volume.dir, BALLAST), { force: true });
}
