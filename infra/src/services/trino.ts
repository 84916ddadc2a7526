// Trino 476 (server core tarball + Hive plugin zip from Maven Central) on Java 24+, one node acting as coordinator
// and worker. Catalog `lake`: Hive connector, file metastore on S3, native S3 file system.
import fs from 'node:fs';
import path from 'node:path';
import { unzip, untarGz } from '../install/archive';
import { installOnce } from '../install/marker';
import { mavenRepo, MAVEN_POMS } from '../install/maven';
import { run, throttledProgress } from '../install/run';
import { httpJson, httpsJson } from '../probe';
import { ensureDir, writeFileIfChanged } from '../process';
import { s3Endpoint } from '../s3client';
import { TRINO_USER, readSecrets, secureFiles, trinoPasswordEntry, writePrivate } from '../secure';
import type { Service, StackContext } from '../service';
import { TrinoClient } from '../../../query/src/trino';
import { javaHomeAtLeast } from './java';

const trinoHome = (ctx: StackContext): string =>
  path.join(ctx.paths.cache, `trino-${ctx.config.versions.trino}`);

/** Trino's URL: https on the secured stack. */
export const trinoUrl = (ctx: StackContext): string =>
  `${ctx.config.secure ? 'https' : 'http'}://${ctx.config.host}:${ctx.config.trino.port}`;

// Secured stack: https only (the internal traffic of this one node too), password authentication against a file of
// PBKDF2 hashes, the shared secret that internal requests are signed with.
function secureServer(ctx: StackContext, etc: string): string {
  const f = secureFiles(ctx);
  const secrets = readSecrets(ctx);
  return `# secured stack (stack up --secure): this file holds secrets and is 0600
http-server.http.enabled=false
http-server.https.enabled=true
http-server.https.port=${ctx.config.trino.port}
http-server.https.keystore.path=${f.keystore}
http-server.https.keystore.key=${secrets.keystorePassword}
http-server.authentication.type=PASSWORD
internal-communication.shared-secret=${secrets.trinoSharedSecret}
internal-communication.https.required=true
internal-communication.https.keystore.path=${f.keystore}
internal-communication.https.keystore.key=${secrets.keystorePassword}
internal-communication.https.truststore.path=${f.caPem}
password-authenticator.config-files=${path.join(etc, 'password-authenticator.properties')}
`;
}

function files(ctx: StackContext, etc: string): Record<string, string> {
  const { host, trino, credentials, s3 } = ctx.config;
  const url = trinoUrl(ctx);
  return {
    'node.properties': `node.environment=collab_local
node.id=collab-local-1
node.data-dir=${ctx.paths.data('trino')}
node.bind-ip=${host}
node.internal-address=${host}
`,
    'jvm.config': `-server
-Xmx${trino.heapMb}m
-Xms${trino.heapMb}m
-XX:+UseG1GC
-XX:G1HeapRegionSize=32M
-XX:+ExplicitGCInvokesConcurrent
-XX:+ExitOnOutOfMemoryError
-XX:-OmitStackTraceInFastThrow
-XX:ReservedCodeCacheSize=256M
-XX:PerMethodRecompilationCutoff=10000
-XX:PerBytecodeRecompilationCutoff=10000
-Djdk.attach.allowAttachSelf=true
-Djdk.nio.maxCachedBufferSize=2000000
-Dfile.encoding=UTF-8
-XX:+EnableDynamicAgentLoading
`,
    'config.properties': `coordinator=true
node-scheduler.include-coordinator=true
${ctx.config.secure ? secureServer(ctx, etc) : `http-server.http.port=${trino.port}\n`}discovery.uri=${url}
query.max-memory=${trino.queryMaxMemoryMb}MB
query.max-memory-per-node=${trino.queryMaxMemoryMb}MB
# One small node: keep the task and thread counts low for a 2-core machine.
task.concurrency=2
task.max-worker-threads=4
${
  ctx.config.logs.format === 'json'
    ? `# logs.format json: JSON lines into a file beside the console log (the console keeps Trino's text format).
log.format=json
log.path=${ctx.paths.log('trino-server-json')}
`
    : ''
}`,
    'log.properties': 'io.trino=INFO\n',
    'catalog/lake.properties': `connector.name=hive
hive.metastore=file
hive.metastore.catalog.dir=s3://${trino.lakeBucket}/metastore
hive.storage-format=PARQUET
hive.compression-codec=SNAPPY
hive.non-managed-table-writes-enabled=true
hive.non-managed-table-creates-enabled=true
# Table and partition metadata changes only through this Trino (DDL, sync_partition_metadata, history writes), which
# invalidates what it changes: cache it rather than read the file metastore's JSON from S3 in every query's plan.
hive.metastore-cache-ttl=10m
hive.metastore-cache-maximum-size=10000
# No file system cache (fs.cache): it keys files by path and last-modified time, which S3 gives to the second, and
# the file metastore rewrites its own files in place — two changes within a second would read a stale table.
fs.native-s3.enabled=true
s3.endpoint=${s3Endpoint(ctx.config)}
s3.region=${s3.region}
s3.path-style-access=true
s3.exclusive-create=false
s3.aws-access-key=${credentials.accessKeyId}
s3.aws-secret-key=${credentials.secretAccessKey}
`,
  };
}

/** Config files written 0600 on every stack: they hold the S3 keys. */
const PRIVATE = new Set(['catalog/lake.properties']);

interface ServerInfo {
  starting: boolean;
}

export const trino: Service = {
  name: 'trino',
  dependsOn: ['s3'],
  ports: (ctx) => [ctx.config.trino.port],

  async install(ctx) {
    const version = ctx.config.versions.trino;
    const home = trinoHome(ctx);
    await installOnce(home, `trino-${version}-r1`, async () => {
      const downloads = ensureDir(path.join(ctx.paths.cache, 'downloads', `trino-${version}`));
      ctx.log(`  maven: fetching trino-server-core ${version} and the trino-hive plugin from Maven Central`);
      await run(
        'mvn',
        [
          '-B',
          '-ntp',
          `-Dmaven.repo.local=${mavenRepo(ctx)}`,
          `-Dtrino.version=${version}`,
          `-DoutputDir=${downloads}`,
          'dependency:copy',
        ],
        { cwd: path.join(MAVEN_POMS, 'trino'), onLine: throttledProgress(ctx.log, '   ') },
      );
      ctx.log('  trino: unpacking');
      await untarGz(path.join(downloads, `trino-server-core-${version}.tar.gz`), home, 1);
      await unzip(path.join(downloads, `trino-hive-${version}.zip`), path.join(home, 'plugin'));
      fs.renameSync(path.join(home, 'plugin', `trino-hive-${version}`), path.join(home, 'plugin', 'hive'));
      fs.rmSync(downloads, { recursive: true, force: true });
      // The archives also sit in the Maven repo; nothing else needs them there.
      fs.rmSync(path.join(mavenRepo(ctx), 'io', 'trino', 'trino-server-core'), {
        recursive: true,
        force: true,
      });
      fs.rmSync(path.join(mavenRepo(ctx), 'io', 'trino', 'trino-hive'), { recursive: true, force: true });
    });
  },

  async processes(ctx) {
    const etc = ensureDir(ctx.paths.conf('trino'));
    // The files holding secrets (the S3 keys of the catalog; on the secured stack the server config and the
    // password file) are readable by their owner only.
    for (const [name, content] of Object.entries(files(ctx, etc))) {
      if (PRIVATE.has(name) || (ctx.config.secure && name === 'config.properties'))
        writePrivate(path.join(etc, name), content);
      else writeFileIfChanged(path.join(etc, name), content);
    }
    const auth = path.join(etc, 'password-authenticator.properties');
    const db = path.join(etc, 'password.db');
    if (ctx.config.secure) {
      writePrivate(auth, `password-authenticator.name=file\nfile.password-file=${db}\n`);
      writePrivate(db, `${trinoPasswordEntry(TRINO_USER, readSecrets(ctx).trinoPassword)}\n`);
    } else {
      for (const f of [auth, db]) fs.rmSync(f, { force: true });
    }
    ensureDir(ctx.paths.data('trino'));
    const javaHome = javaHomeAtLeast(24);
    return [
      {
        id: 'trino',
        command: path.join(trinoHome(ctx), 'bin', 'launcher'),
        args: ['run', `--etc-dir=${etc}`, `--data-dir=${ctx.paths.data('trino')}`],
        env: { JAVA_HOME: javaHome, PATH: `${path.join(javaHome, 'bin')}:${process.env.PATH ?? ''}` },
      },
    ];
  },

  async ready(ctx) {
    const url = `${trinoUrl(ctx)}/v1/info`;
    const info = ctx.config.secure
      ? await httpsJson<ServerInfo>(url, fs.readFileSync(secureFiles(ctx).caPem, 'utf8'))
      : await httpJson<ServerInfo>(url);
    return !!info && info.starting === false;
  },
  readyTimeoutMs: (ctx) => ctx.config.trino.readyTimeoutSec * 1000,

  async afterReady(ctx) {
    const trino = new TrinoClient({
      server: trinoUrl(ctx),
      catalog: 'lake',
      schema: 'metrics',
      ...(ctx.config.secure
        ? { user: TRINO_USER, password: readSecrets(ctx).trinoPassword, caFile: secureFiles(ctx).caPem }
        : { user: 'collab-stack' }),
    });
    for (const schema of ctx.config.trino.schemas)
      await trino.query(`CREATE SCHEMA IF NOT EXISTS lake.${schema}`);
    ctx.log(`  trino: schemas ${ctx.config.trino.schemas.map((s) => `lake.${s}`).join(', ')} present`);
  },

  urls: (ctx) => ({ ui: `${trinoUrl(ctx)}/ui/` }),
};
