// The `collab-stream` command line: one small module per command; this file only dispatches.
import { JsonlError } from '../../evaluator';
import { DslError } from '../../dsl';
import { UsageError } from './args';
import { runPreview } from './preview';
import type { runSimulate } from './simulate';
import type { runQuery } from './query';
import type { runDeploy, runStop } from './deploy';
import type { runDashboard } from '../../dashboard/src/command';
import type { runPlan } from './plan';

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

Run 'collab-stream <command> --help' for a command's options.`;

const io = { out: (text: string) => console.log(text), err: (text: string) => console.error(text) };

type Command = (argv: readonly string[]) => Promise<number> | number;

const COMMANDS: Record<string, Command> = {
  preview: (argv) => runPreview(argv, io),
  // Heavier commands are loaded on demand so that preview does not pay for Kafka or the stack launcher.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  simulate: (argv) => (require('./simulate') as { runSimulate: typeof runSimulate }).runSimulate(argv, io),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  query: (argv) => (require('./query') as { runQuery: typeof runQuery }).runQuery(argv, io),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  deploy: (argv) => (require('./deploy') as { runDeploy: typeof runDeploy }).runDeploy(argv, io),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  stop: (argv) => (require('./deploy') as { runStop: typeof runStop }).runStop(argv, io),
  dashboard: (argv) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('../../dashboard/src/command') as { runDashboard: typeof runDashboard }).runDashboard(argv, io),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  plan: (argv) => (require('./plan') as { runPlan: typeof runPlan }).runPlan(argv, io),
  stack: async (argv) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runStackCommand } = require('../../infra/src/main') as {
      runStackCommand(argv: string[]): Promise<number>;
    };
    return runStackCommand([...argv]);
  },
};

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return command === undefined ? 1 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`collab-stream: unknown command '${command}'.\n\n${HELP}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof JsonlError || error instanceof DslError) {
      io.err(`collab-stream ${command}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
