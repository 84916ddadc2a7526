// The short fixed-seed fault campaign of `npm test` (issue #18): one run of `npm run chaos` with three faults —
// seed 14 plans a JobManager kill (jobs restored from their latest checkpoints), a TaskManager SIGKILLed while a
// checkpoint is in progress and a Kafka broker restart — and nothing may be lost, duplicated or changed in any
// output. The long campaign (`npm run chaos -- --runs 20`) is its own command.
import { createContext } from '../../infra/src/context';
import { runStackCommand } from '../../infra/src/main';
import { JOBS } from '../../jobs';
import { runCampaign } from '../src/campaign';

const log = (m: string) => process.stdout.write(`${m}\n`);

beforeAll(async () => {
  expect(await runStackCommand(['up'])).toBe(0);
}, 1_500_000);

it('a run with a JobManager kill, a TaskManager kill mid-checkpoint and a broker restart loses and duplicates nothing', async () => {
  const report = await runCampaign(
    [...JOBS.values()],
    {
      runs: 1,
      seed: 14,
      faultsPerRun: 3,
      kinds: ['taskmanager-kill-in-checkpoint', 'jobmanager-restart', 'kafka-restart', 's3-outage'],
    },
    createContext(log),
    log,
  );
  log(`chaos report: ${JSON.stringify(report.totals)}\n${JSON.stringify(report.runs[0]?.checks, null, 1)}`);
  const [run] = report.runs;
  expect(run!.faults.map((f) => f.kind)).toEqual([
    'jobmanager-restart',
    'taskmanager-kill-in-checkpoint',
    'kafka-restart',
  ]);
  for (const check of run!.checks) {
    expect(check.expected).toBeGreaterThan(0);
    expect({
      output: check.output,
      lost: check.lost,
      duplicated: check.duplicated,
      wrong: check.wrong,
      first: check.firstDifferences,
    }).toEqual({
      output: check.output,
      lost: 0,
      duplicated: 0,
      wrong: 0,
      first: [],
    });
  }
  expect(run!.uncommittedFiles).toEqual([]);
  expect(run!.ok).toBe(true);
}, 2_400_000);
