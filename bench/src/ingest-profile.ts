// One simulator producing run, for `node --cpu-prof` (bench/src/ingest.ts starts it when ingest misses its target).
import { simulatorRecords, simulatorRun } from './ingest';

simulatorRun(simulatorRecords(Number(process.argv[2] ?? 500_000)))
  .then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
  .catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  });
