// The live data path: two consumers per live topic. The live sink is transactional, and a read_committed consumer
// sees its rows only when the checkpoint that commits them completes (up to the checkpoint interval), so one
// consumer reads uncommitted (rows show within a second, marked pending) and one reads committed (marks them).
import type { Consumer, Kafka } from 'kafkajs';
import type { Row } from '../../evaluator';
import type { MetricInfo } from './catalog';
import type { LiveStore, RowStatus } from './live-store';

export interface LiveReader {
  stop(): Promise<void>;
}

const TOPIC_POLL_MS = 2_000;

function parseRow(value: Buffer | null): Row | null {
  if (!value) return null;
  try {
    const row = JSON.parse(value.toString('utf8')) as unknown;
    return row && typeof row === 'object' && !Array.isArray(row) ? (row as Row) : null;
  } catch {
    return null;
  }
}

async function waitForTopic(kafka: Kafka, topic: string, stopped: () => boolean): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    while (!stopped()) {
      if ((await admin.listTopics()).includes(topic)) return true;
      await new Promise((resolve) => setTimeout(resolve, TOPIC_POLL_MS));
    }
    return false;
  } finally {
    await admin.disconnect();
  }
}

async function consume(
  kafka: Kafka,
  metric: MetricInfo,
  topic: string,
  status: RowStatus,
  store: LiveStore,
  group: string,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: `${group}-${status}`,
    readUncommitted: status === 'pending',
    // The broker answers a fetch as soon as one byte is there, or after this: the live path's latency floor.
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const rows = batch.messages.map((m) => parseRow(m.value)).filter((r): r is Row => r !== null);
      store.upsert(metric.id, rows, status);
    },
  });
  return consumer;
}

/** Starts reading every metric's live topic (waiting for topics that do not exist yet). */
export function startLiveReaders(kafka: Kafka, metrics: readonly MetricInfo[], store: LiveStore): LiveReader {
  let stopped = false;
  const consumers: Consumer[] = [];
  const group = `collab-dashboard-${process.pid}-${Date.now().toString(36)}`;
  const started = metrics.flatMap((metric) => {
    const topic = metric.liveTopic;
    if (topic === null) return [];
    return [
      (async () => {
        if (!(await waitForTopic(kafka, topic, () => stopped))) return;
        for (const status of ['pending', 'committed'] as const) {
          if (stopped) return;
          consumers.push(await consume(kafka, metric, topic, status, store, `${group}-${metric.id}`));
        }
      })().catch((error: unknown) => {
        console.error(`dashboard: live topic ${topic}: ${(error as Error).message}`);
      }),
    ];
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(started);
      await Promise.all(consumers.map((c) => c.disconnect()));
      const admin = kafka.admin();
      await admin.connect();
      await admin
        .deleteGroups(
          consumers.length === 0
            ? []
            : metrics.flatMap((m) => [`${group}-${m.id}-pending`, `${group}-${m.id}-committed`]),
        )
        .catch(() => undefined);
      await admin.disconnect();
    },
  };
}
