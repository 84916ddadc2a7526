// The `collab-stream` command line: one small module per command; this file only dispatches.
import { JsonlError } from '../../evaluator';
import { DslError } from '../../dsl';
import { UsageError } from './args';
import type { Logger } from './log';
import { createLogger, takeLogFormat } from './log';
import { runPreview } from './preview';
import type { runSimulate } from './simulate';
import type { runQuery } from './query';
import type { runDeploy, runStop } from './deploy';
import type { runDashboard } from '../../dashboard/src/command';
import type { runPlan } from './plan';
import type { runStackCommand } from '../../infra/src/main';

const HELP = `Usage: collab-stream <command> [options]

Commands:
  preview <job> --events <file>   run a job's metrics over events with the reference evaluator
  simulate [options]              produce realistic meeting events to Kafka, with a ledger
  query "<sql>" | --analyst       SQL on Trino; the analyst queries over metrics and history
  deploy <job> [--upgrade]        build, upload and run a job on Flink, or upgrade it via a savepoint
  stop <job> --savepoint          stop a job with a savepoint (draining)
  plan [--base <ref>] [job…]      what restoring the deployed jobs' state into the edited ones does
  stack up|down|status|logs       the local stack: Kafka, schema registry, S3, Flink, Trino, Prometheus
  dashboard [--events <file>]     the metrics dashboard: live, trends, distributions, meeting health, ops

Global options:
  --log-format json|text          log lines as ECS JSON on stderr, for an ELK pipeline (default text, or
                                  $COLLAB_LOG_FORMAT); results on stdout are unchanged

Run 'collab-stream <command> --help' for a command's options.`;

/** What a command writes: results to stdout; progress, warnings and errors through its logger (stderr). */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  readonly log: Logger;
}

type Command = (argv: readonly string[], io: CommandIo) => Promise<number> | number;

const COMMANDS: Record<string, Command> = {
  preview: (argv, io) => runPreview(argv, io),
  // Heavier commands are loaded on demand so that preview does not pay for Kafka or the stack launcher.
  simulate: (argv, io) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./simulate') as { runSimulate: typeof runSimulate }).runSimulate(argv, io),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  query: (argv, io) => (require('./query') as { runQuery: typeof runQuery }).runQuery(argv, io),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  deploy: (argv, io) => (require('./deploy') as { runDeploy: typeof runDeploy }).runDeploy(argv, io),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  stop: (argv, io) => (require('./deploy') as { runStop: typeof runStop }).runStop(argv, io),
  dashboard: (argv, io) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('../../dashboard/src/command') as { runDashboard: typeof runDashboard }).runDashboard(argv, io),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  plan: (argv, io) => (require('./plan') as { runPlan: typeof runPlan }).runPlan(argv, io),
  stack: async (argv, io) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const infra = require('../../infra/src/main') as { runStackCommand: typeof runStackCommand };
    return infra.runStackCommand([...argv], io.log.format === 'json' ? io.log : undefined);
  },
};

export async function main(argv: readonly string[]): Promise<number> {
  const text = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
  let global: ReturnType<typeof takeLogFormat>;
  try {
    global = takeLogFormat(argv);
  } catch (error) {
    text.err(`collab-stream: ${(error as Error).message}`);
    return 2;
  }
  const { format } = global;
  const [command, ...rest] = global.argv;
  const known = command !== undefined && Object.hasOwn(COMMANDS, command);
  const log = createLogger({ format, dataset: `collab-stream.${known ? command : 'cli'}` });
  const io: CommandIo = { ...text, log };
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return command === undefined ? 1 : 0;
  }
  const run = known ? COMMANDS[command] : undefined;
  if (!run) {
    if (format === 'json') log.error(`collab-stream: unknown command '${command}'`);
    else io.err(`collab-stream: unknown command '${command}'.\n\n${HELP}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof JsonlError || error instanceof DslError) {
      log.error(`collab-stream ${command}: ${error.message}`, { 'error.type': error.name });
      return 2;
    }
    // In text mode the stack trace is printed by bin/collab-stream.js; a JSON pipeline wants it as one event.
    if (format !== 'json') throw error;
    const e = error instanceof Error ? error : new Error(String(error));
    log.error(`collab-stream ${command}: ${e.message}`, {
      'error.type': e.name,
      'error.message': e.message,
      'error.stack_trace': e.stack,
    });
    return 1;
  }
}
