// The stack's data paths: live rows from each metric's Kafka live topic, history from Trino over the lake.
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
import { loadConfig } from '../../infra/src/config';
import { lakePathFromEnv, prepareMetricTables } from '../../query/src/lake-tables';
import { TrinoClient, trinoFromEnv } from '../../query/src/trino';
import type { Catalog } from './catalog';
import type { HistorySource } from './history';
import type { LiveReader } from './kafka-live';
import { startLiveReaders } from './kafka-live';
import type { LiveStore } from './live-store';
import { TrinoHistory } from './trino-history';

export function kafkaFromEnv(): Kafka {
  const config = loadConfig();
  return new Kafka({
    ...kafkaSecurityFromEnv(),
    clientId: 'collab-dashboard',
    brokers: [process.env.COLLAB_KAFKA_BOOTSTRAP ?? `${config.host}:${config.kafka.port}`],
    logLevel: logLevel.NOTHING,
  });
}

export function stackSources(
  catalog: Catalog,
  live: LiveStore,
  log: (line: string) => void,
): { reader: LiveReader; history: Promise<HistorySource> } {
  const reader = startLiveReaders(kafkaFromEnv(), catalog.metrics, live);
  const trino = new TrinoClient(trinoFromEnv());
  // The metric tables and their date partitions, as the analyst queries see them.
  const history = prepareMetricTables(trino, lakePathFromEnv())
    .catch((error: unknown) =>
      log(`dashboard: Trino is not ready, history pages fail until it is: ${(error as Error).message}`),
    )
    .then(() => new TrinoHistory(trino));
  return { reader, history };
}
