// `npm run demo`, the README's main command: the product end to end on the local stack. Starts the stack, compiles
// the DSL jobs to Java and builds the jar, deploys both jobs, simulates a few minutes of meetings (with bad and late
// events), waits until the jobs have committed what they read, then prints the analyst queries' results and the
// URLs to look at. The jobs keep running afterwards, so the Flink UI and Prometheus show them live.
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
import { ensureJobJar } from '../../cli/src/deploy';
import { renderResult } from '../../cli/src/query';
import { runSimulate } from '../../cli/src/simulate';
import { discoverJobFiles, GENERATED_DIR, generateAll } from '../../codegen/src/main';
import { writeOutputDir } from '../../codegen/src/output-dir';
import { FlinkRest } from '../../deploy/src/flink-rest';
import { createContext } from '../../infra/src/context';
import { runStackCommand } from '../../infra/src/main';
import { JOBS } from '../../jobs';
import { analystQueries } from '../../query/src/analyst-queries';
import { prepareMetricTables } from '../../query/src/lake-tables';
import { TrinoClient } from '../../query/src/trino';
import {
  deployJobs,
  resetPipeline,
  endpoints,
  jobArguments,
  sourceTopics,
  waitUntilConsumed,
} from './pipeline';
import { localS3Client } from '../../infra/src/s3client';
import { ensureTopics } from '../../simulator/src/produce';

const SIMULATED_PERIOD = '60m';
const RATE = 1_000;

const started = Date.now();
const say = (text: string) => console.log(text);
const step = (n: number, text: string) =>
  say(`\n== [${n}/7] ${text} (${((Date.now() - started) / 1000).toFixed(0)} s) ==`);

async function main(): Promise<number> {
  step(1, 'starting the local stack: Kafka, schema registry, S3, Flink, Trino, Prometheus');
  if ((await runStackCommand(['up'])) !== 0) return 1;
  const ctx = createContext(say);
  const e = endpoints(ctx.config);
  const jobs = [...JOBS.values()];

  step(2, 'compiling the DSL jobs (jobs/*.ts) to Flink Java, building the job jar');
  const compileStarted = Date.now();
  const { files, errors } = generateAll(discoverJobFiles());
  if (errors) {
    process.stderr.write(errors);
    return 1;
  }
  writeOutputDir(GENERATED_DIR, files);
  say(`compiled ${jobs.length} jobs into ${files.size} files in ${Date.now() - compileStarted} ms`);
  ensureJobJar(say);

  step(3, 'resetting the pipeline (a previous demo or test may have left jobs, topics and lake files)');
  const flink = new FlinkRest(e.flinkUrl);
  const kafka = new Kafka({
    ...kafkaSecurityFromEnv(),
    clientId: 'collab-demo',
    brokers: [e.bootstrap],
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  const s3 = localS3Client(ctx.config);
  try {
    await resetPipeline(jobs, e, { flink, admin, s3 });
    await ensureTopics(kafka, sourceTopics(jobs), 3, 1);

    step(4, `deploying ${jobs.map((j) => j.id).join(' and ')} to the Flink cluster`);
    await deployJobs(jobs, jobArguments(e, 10_000), e.flinkUrl, { out: say });

    step(5, `simulating ${SIMULATED_PERIOD} of meetings at ${RATE} events/s, with bad and late events`);
    const simulated = await runSimulate(
      ['--period', SIMULATED_PERIOD, '--rate', String(RATE), '--late', '0.002', '--bad', '0.002'],
      { out: say },
    );
    if (simulated !== 0) return simulated;

    step(6, 'waiting until both jobs have read and checkpointed every event');
    await waitUntilConsumed(admin, jobs, 600_000, say);
  } finally {
    await admin.disconnect();
    s3.destroy();
  }

  step(7, 'querying the metrics with Trino, joined with the historical tables');
  const trino = new TrinoClient({
    server: e.trinoUrl,
    catalog: 'lake',
    schema: 'metrics',
    user: 'collab-demo',
  });
  await prepareMetricTables(trino, e.lakePath);
  for (const q of analystQueries()) {
    say(`\n-- ${q.title}`);
    say(renderResult(await trino.query(q.sql)));
  }

  say(`
Done in ${((Date.now() - started) / 1000).toFixed(0)} s. Both jobs keep running:
  Flink UI     ${e.flinkUrl}/#/overview
  Trino UI     ${e.trinoUrl}/ui/
  Prometheus   ${e.prometheusUrl}/graph
Next:
  npx collab-stream simulate --period 5m       more traffic (windows close as event time moves on)
  npx collab-stream query --analyst            the analyst queries again (new date= partitions are picked up)
  npx collab-stream stop meeting_metrics_30s --savepoint
  npm run stack:down                           stop everything`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`demo failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
