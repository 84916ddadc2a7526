// `collab-stream simulate`: realistic meeting traffic into Kafka (Confluent-framed Avro, schemas registered in
// the registry), with a ledger of exactly what was sent.
import path from 'node:path';
import { defaultCatalog } from '../../schemas/src/catalog';
import type { SimulationConfig } from '../../simulator/src/plan';
import { DEFAULT_SIMULATION, planSimulation, simulationWorld } from '../../simulator/src/plan';
import type { MeetingPlan } from '../../simulator/src/meetings';
import { historyTables, writeHistory } from '../../query/src/history';
import { TrinoClient, trinoFromEnv } from '../../query/src/trino';
import { produce } from '../../simulator/src/produce';
import { registerSimulationSchemas } from '../../simulator/src/registry';
import { parseDuration } from '../../dsl';
import type { Duration } from '../../dsl';
import { parseCommandArgs, UsageError } from './args';
import type { Logger } from './log';
import { logOf } from './log';

export const SIMULATE_HELP = `Usage: collab-stream simulate [options]

Simulates organisations holding meetings (joins, leaves, chat bursts, reactions, video, screen share, network
lag with degraded episodes) and produces the events to Kafka, keyed by meeting_id, as Confluent-framed Avro.
Event times cover the --period that ends now. Writes a ledger (JSON lines) of every record sent.

  --period <duration>     simulated event time, e.g. 30m (default 30m)
  --rate <n>              records per second, 0 = as fast as possible (default 5000)
  --seed <n>              reproduce a run (default 42)
  --meetings <n>          meetings starting per simulated minute (default ${DEFAULT_SIMULATION.meetingsPerMinute})
  --late <p>              probability an event is held back until it is late (default ${DEFAULT_SIMULATION.lateProbability})
  --bad <p>               probability an event is replaced by a bad record (default ${DEFAULT_SIMULATION.badProbability})
  --disorder <duration>   bounded disorder, below the jobs' 5s maxOutOfOrder (default 2s)
  --partitions <n>        partitions per topic when creating them (default 3)
  --replication <n>       replication factor when creating topics (default 1; 3 in production)
  --brokers <list>        Kafka bootstrap servers (default $COLLAB_KAFKA_BOOTSTRAP or 127.0.0.1:9092)
  --registry <url>        schema registry (default $COLLAB_SCHEMA_REGISTRY_URL or http://127.0.0.1:8085/apis/ccompat/v7)
  --ledger <file>         where to write the ledger (default .stack/simulator/ledger-<seed>.jsonl)
  --trino <url>           Trino for the historical tables (default $COLLAB_TRINO_URL or http://127.0.0.1:8088)
  --skip-history          do not (re)write lake.history.* (organization_plans, user_profiles, meeting_history)
  -h, --help              this help`;

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`simulate: --${name} '${value}' is not a non-negative number`);
  return n;
}

function durationOption(name: string, value: string | undefined, fallback: Duration): number {
  try {
    return parseDuration((value ?? fallback) as Duration);
  } catch {
    throw new UsageError(`simulate: --${name} '${value}' is not a duration like 30s or 10m`);
  }
}

export async function runSimulate(
  argv: readonly string[],
  io: { out(text: string): void; readonly log?: Logger },
): Promise<number> {
  const log = logOf(io, 'collab-stream.simulate');
  const { values } = parseCommandArgs('simulate', argv, {
    period: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
    meetings: { type: 'string' },
    late: { type: 'string' },
    bad: { type: 'string' },
    disorder: { type: 'string' },
    partitions: { type: 'string' },
    replication: { type: 'string' },
    brokers: { type: 'string' },
    registry: { type: 'string' },
    ledger: { type: 'string' },
    trino: { type: 'string' },
    'skip-history': { type: 'boolean' },
  });
  if (values.help) {
    io.out(SIMULATE_HELP);
    return 0;
  }
  const now = Date.now();
  const periodMs = durationOption('period', values.period, '30m');
  const seed = numberOption('seed', values.seed, DEFAULT_SIMULATION.seed);
  const config: SimulationConfig = {
    ...DEFAULT_SIMULATION,
    seed,
    start: now - periodMs,
    end: now,
    now,
    meetingsPerMinute: numberOption('meetings', values.meetings, DEFAULT_SIMULATION.meetingsPerMinute),
    lateProbability: numberOption('late', values.late, DEFAULT_SIMULATION.lateProbability),
    badProbability: numberOption('bad', values.bad, DEFAULT_SIMULATION.badProbability),
    maxDisorderMs: durationOption('disorder', values.disorder, '2s'),
  };
  const brokers = (values.brokers ?? process.env.COLLAB_KAFKA_BOOTSTRAP ?? '127.0.0.1:9092').split(',');
  const registryUrl =
    values.registry ?? process.env.COLLAB_SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8085/apis/ccompat/v7';
  const ledgerFile = path.resolve(values.ledger ?? `.stack/simulator/ledger-${seed}.jsonl`);
  await import('node:fs').then((fs) => fs.promises.mkdir(path.dirname(ledgerFile), { recursive: true }));

  log.info(`registering schemas at ${registryUrl} ...`, { 'url.full': registryUrl });
  const catalog = defaultCatalog();
  const { schemas } = await registerSimulationSchemas(registryUrl, catalog);
  log.info(`producing ${periodMs / 60_000} simulated minutes to ${brokers.join(',')} (seed ${seed}) ...`, {
    'collab.seed': seed,
  });
  const meetings: MeetingPlan[] = [];
  const partitions = numberOption('partitions', values.partitions, 3);
  const rate = numberOption('rate', values.rate, 5_000);
  const result = await produce(
    planSimulation(config, schemas, (m) => meetings.push(m)),
    {
      brokers,
      topics: [...catalog.topics.keys()],
      partitions,
      replicationFactor: numberOption('replication', values.replication, 1),
      rate,
      // Unthrottled, bigger batches cost kafkajs less per record; throttled, smaller ones keep the flow smooth.
      batchSize: rate === 0 ? 2_000 : 500,
      // Several requests in flight: one idempotent producer per partition (up to 3), see simulator/src/produce.ts.
      producers: Math.min(3, partitions),
      ledgerFile,
      onProgress: (sent, ms) =>
        log.info(`  ${sent} records in ${(ms / 1000).toFixed(0)} s (${Math.round(sent / (ms / 1000))}/s)`, {
          'collab.records_sent': sent,
          'event.duration': Math.round(ms * 1e6),
        }),
    },
  );
  log.info(
    `sent ${result.sent} records in ${(result.elapsedMs / 1000).toFixed(1)} s; ledger: ${path.relative(process.cwd(), ledgerFile)}`,
    {
      'collab.records_sent': result.sent,
      'event.duration': Math.round(result.elapsedMs * 1e6),
      'file.path': ledgerFile,
    },
  );
  if (!values['skip-history']) {
    const trino = new TrinoClient(trinoFromEnv(values.trino ? { server: values.trino } : {}));
    log.info(
      `writing lake.history tables for ${meetings.length} meetings through ${trino.settings.server} ...`,
    );
    await writeHistory(trino, historyTables(simulationWorld(config), meetings));
  }
  return 0;
}
