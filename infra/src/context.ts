// Builds the StackContext every command and test uses: config + paths + a progress logger.
import { loadConfig } from './config';
import { stackPaths } from './paths';
import type { StackContext } from './service';

export function createContext(
  log: (message: string) => void = (m) => process.stdout.write(`${m}\n`),
): StackContext {
  const config = loadConfig();
  return { config, paths: stackPaths(config.stackDir), log };
}
