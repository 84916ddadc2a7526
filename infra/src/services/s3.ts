// S3: Versity Gateway (Apache-2.0) over a POSIX directory — a real S3 protocol server, one small Go process,
// built from the Go module proxy. Buckets are directories under .stack/data/s3.
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import path from 'node:path';
import { goInstall } from '../install/go';
import { installOnce } from '../install/marker';
import { ensureDir } from '../process';
import { localS3Client, s3Endpoint } from '../s3client';
import type { Service, StackContext } from '../service';

const binDir = (ctx: StackContext): string => path.join(ctx.paths.cache, 'versitygw');
const bucketsRoot = (ctx: StackContext): string => path.join(ctx.paths.data('s3'), 'buckets');

/** The directory the S3 server keeps `bucket`'s objects in (the fault campaign mounts a small volume there). */
export const bucketDir = (ctx: StackContext, bucket: string): string => path.join(bucketsRoot(ctx), bucket);

export const s3: Service = {
  name: 's3',
  dependsOn: [],
  ports: (ctx) => [ctx.config.s3.port],

  async install(ctx) {
    const version = ctx.config.versions.versitygw;
    await installOnce(binDir(ctx), `versitygw-${version}`, () =>
      goInstall(ctx, 'github.com/versity/versitygw/cmd/versitygw', version, binDir(ctx)),
    );
  },

  async processes(ctx) {
    const { host, s3: cfg, credentials } = ctx.config;
    const root = ensureDir(bucketsRoot(ctx));
    const iam = ensureDir(path.join(ctx.paths.data('s3'), 'iam'));
    return [
      {
        id: 's3',
        command: path.join(binDir(ctx), 'versitygw'),
        args: [
          '--port',
          `${host}:${cfg.port}`,
          '--region',
          cfg.region,
          '--iam-dir',
          iam,
          '--quiet',
          'posix',
          root,
        ],
        // Credentials through the environment so they never show up in `ps`.
        env: {
          ROOT_ACCESS_KEY_ID: credentials.accessKeyId,
          ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        },
      },
    ];
  },

  async ready(ctx) {
    const client = localS3Client(ctx.config);
    try {
      await client.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      return false;
    } finally {
      client.destroy();
    }
  },
  readyTimeoutMs: (ctx) => ctx.config.s3.readyTimeoutSec * 1000,

  async afterReady(ctx) {
    const client = localS3Client(ctx.config);
    try {
      const existing = new Set(
        ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name),
      );
      for (const bucket of ctx.config.s3.buckets) {
        if (existing.has(bucket)) continue;
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        ctx.log(`  s3: created bucket ${bucket}`);
      }
    } finally {
      client.destroy();
    }
  },

  urls: (ctx) => ({ endpoint: s3Endpoint(ctx.config) }),
};
