// Argument parsing shared by the commands: node's parseArgs, with errors that say which command and how to get help.
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

export function parseCommandArgs<O extends Options>(command: string, argv: readonly string[], options: O) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}. See 'collab-stream ${command} --help'.`);
  }
}
