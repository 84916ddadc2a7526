// `npm run chaos -- --runs N --seed S [--faults K] [--kinds a,b] [--out FILE]`: starts the local stack, runs the
// campaign and writes its JSON report (after every run, so an interrupted campaign keeps what it measured) to
// chaos/results/<date>-seed<S>.json. Exit status 0 only when every run lost, duplicated and changed nothing.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createContext } from '../../infra/src/context';
import { runStackCommand } from '../../infra/src/main';
import { JOBS } from '../../jobs';
import { runCampaign } from './campaign';
import { FAULT_KINDS, parseFaultKinds } from './faults';

const HELP = `Usage: npm run chaos -- [--runs N] [--seed S] [--faults K] [--kinds ${FAULT_KINDS.join(',')}] [--out FILE]

Each run resets the pipeline, deploys both jobs at parallelism 2, streams an hour of simulated meetings (bad and
late records among them) and injects K faults (default 3) chosen from --kinds (default all) at random points,
then drains and checks every output against the reference evaluator over the producer's ledger.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      faults: { type: 'string', default: '3' },
      kinds: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const int = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} ${text}: an integer ≥ ${min}`);
    return n;
  };
  const options = {
    runs: int('runs', values.runs, 1),
    seed: int('seed', values.seed, 0),
    faultsPerRun: int('faults', values.faults, 0),
    kinds: values.kinds === undefined ? undefined : parseFaultKinds(values.kinds),
  };
  const out =
    values.out ??
    path.resolve(
      __dirname,
      '..',
      'results',
      `${new Date().toISOString().slice(0, 10)}-seed${options.seed}.json`,
    );
  const log = (text: string) => process.stdout.write(`${text}\n`);
  log('chaos: starting the local stack');
  if ((await runStackCommand(['up'])) !== 0) return 1;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const write = (report: unknown) => fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const report = await runCampaign([...JOBS.values()], options, createContext(log), log, write);
  write(report);
  const t = report.totals;
  log(
    `chaos: ${t.ok} of ${t.runs} runs OK; lost ${t.lost}, duplicated ${t.duplicated}, wrong ${t.wrong}, ` +
      `uncommitted files ${t.uncommittedFiles}; faults ${JSON.stringify(t.faults)}; report ${path.relative(process.cwd(), out)}`,
  );
  return t.ok === t.runs ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
