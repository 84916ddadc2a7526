// Builds the StackContext every command and test uses: config + paths + a progress logger.
import fs from 'node:fs';
import { loadConfig } from './config';
import type { Env } from './config';
import { stackPaths } from './paths';
import type { StackPaths } from './paths';
import type { StackContext } from './service';

/**
 * A stack started with `up --secure` stays secure until `down`: `status`, `down`, the tests and the CLI find the
 * mode in this marker, so they probe Kafka over SASL_SSL and Trino over https without COLLAB_STACK_SECURE set again.
 */
export const secureMarker = (paths: StackPaths): string => `${paths.run}/secure`;

export function createContext(
  log: (message: string) => void = (m) => process.stdout.write(`${m}\n`),
  env: Env = process.env,
): StackContext {
  const loaded = loadConfig(env);
  const paths = stackPaths(loaded.stackDir);
  const config = loaded.secure || !fs.existsSync(secureMarker(paths)) ? loaded : { ...loaded, secure: true };
  return { config, paths, log };
}
