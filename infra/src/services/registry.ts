// Schema registry: Apicurio Registry 3.x speaking the Confluent REST API (under /apis/ccompat/v7), storing its
// schemas in Kafka (kafkasql journal topic `registry.topic`), so ids survive restarts. Owned by infra/registry/
// (see its CONTEXT.md for why Apicurio and what it does and does not do).
import {
  APICURIO_MIN_JAVA,
  apicurioHome,
  apicurioProcess,
  ccompatUrl,
  healthUrl,
  installApicurio,
  registrySettings,
} from '../../registry/src/apicurio';
import path from 'node:path';
import { registerProjectSchemas } from '../../registry/src/project-schemas';
import { RegistryClient } from '../../registry/src/rest';
import { httpOk } from '../probe';
import { ensureDir } from '../process';
import type { Service } from '../service';
import { javaHomeAtLeast } from './java';

export const registry: Service = {
  name: 'registry',
  dependsOn: ['kafka'],
  ports: (ctx) => {
    const s = registrySettings(ctx.config);
    return [s.port, s.managementPort];
  },

  async install(ctx) {
    const { version } = registrySettings(ctx.config);
    if (await installApicurio(ctx, version)) ctx.log(`  registry: Apicurio ${version} installed`);
  },

  async processes(ctx) {
    const s = registrySettings(ctx.config);
    const java = javaHomeAtLeast(APICURIO_MIN_JAVA);
    const work = ensureDir(ctx.paths.data('registry'));
    return [apicurioProcess('registry', apicurioHome(ctx, s.version), java, s, work)];
  },

  // Health says the Kafka journal has been read; the API probe says the Confluent endpoints answer.
  async ready(ctx) {
    const s = registrySettings(ctx.config);
    return (await httpOk(healthUrl(s))) && (await httpOk(`${ccompatUrl(s)}/config`));
  },
  readyTimeoutMs: (ctx) => ctx.config.registry.readyTimeoutSec * 1000,

  async afterReady(ctx) {
    const client = new RegistryClient(ccompatUrl(registrySettings(ctx.config)));
    const registered = await registerProjectSchemas(client, path.join(ctx.paths.repoRoot, 'schemas'));
    const moved = registered.filter((r) => r.id !== r.expectedId);
    ctx.log(
      `  registry: ${registered.length} project schemas registered (${registered.map((r) => `${r.subject}=${r.id}`).join(', ')})`,
    );
    // Not fatal: producers and the job look ids up, only offline decoding of old bytes relies on the fixed ids.
    if (moved.length > 0) {
      ctx.log(
        `  registry: WARNING ids differ from schemas/registry.json's (the registry was not empty): ` +
          moved.map((r) => `${r.file} ${r.id}≠${r.expectedId}`).join(', '),
      );
    }
  },
  urls: (ctx) => {
    const s = registrySettings(ctx.config);
    return { api: ccompatUrl(s), health: healthUrl(s) };
  },
};
