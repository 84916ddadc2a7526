// Sends planned records to Kafka in order, at a target rate, and writes the ledger with the partition and
// offset each record got. Topics are created first (partitions and replication factor from the options).
import type { Message } from 'kafkajs';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { LedgerWriter } from './ledger';
import type { PlannedRecord } from './plan';

export interface ProduceOptions {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Records per second; 0 sends as fast as the broker takes them. */
  readonly rate: number;
  readonly batchSize: number;
  readonly ledgerFile: string;
  readonly onProgress?: (sent: number, elapsedMs: number) => void;
}

export interface ProduceResult {
  readonly sent: number;
  readonly elapsedMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions: number,
  replicationFactor: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

export async function produce(
  records: Iterable<PlannedRecord>,
  options: ProduceOptions,
): Promise<ProduceResult> {
  const kafka = new Kafka({
    clientId: 'collab-simulator',
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
  });
  await ensureTopics(kafka, options.topics, options.partitions, options.replicationFactor);
  // Partitions are chosen here, with Kafka's own (Java-compatible murmur2) partitioner, so the ledger knows them.
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: options.partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const ledger = new LedgerWriter(options.ledgerFile);
  await producer.connect();
  const started = Date.now();
  let sent = 0;
  let lastProgress = started;
  try {
    type Routed = PlannedRecord & { partition: number };
    let batch: Routed[] = [];
    // One batch in flight while the next one is planned and encoded: the CPU work overlaps the broker's round
    // trip. Batches still go out one at a time and in order (each waits for the previous one's offsets), so
    // the ledger and the offsets are exactly as before.
    let inFlight: Promise<void> | undefined;
    const send = async (records: readonly Routed[]) => {
      const byTopic = new Map<string, Message[]>();
      for (const r of records) {
        const messages = byTopic.get(r.topic) ?? [];
        messages.push({ key: r.key, value: r.bytes, partition: r.partition });
        byTopic.set(r.topic, messages);
      }
      const metadata = await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      const next = new Map(metadata.map((m) => [`${m.topicName}/${m.partition}`, Number(m.baseOffset)]));
      for (const r of records) {
        const slot = `${r.topic}/${r.partition}`;
        const offset = next.get(slot);
        if (offset === undefined) throw new Error(`no offset returned for ${slot}`);
        next.set(slot, offset + 1);
        ledger.write(r, r.partition, offset);
      }
      sent += records.length;
      if (options.onProgress && Date.now() - lastProgress >= 2_000) {
        lastProgress = Date.now();
        options.onProgress(sent, lastProgress - started);
      }
    };
    const flush = async () => {
      if (batch.length === 0) return;
      const records = batch;
      batch = [];
      if (inFlight) await inFlight;
      if (options.rate > 0) {
        const due = started + (sent / options.rate) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      inFlight = send(records);
      // Its failure surfaces where it is awaited (next flush or the end), not as an unhandled rejection.
      inFlight.catch(() => undefined);
      // Let the request reach the socket before planning the next batch (synchronous CPU work).
      await new Promise((resolve) => setImmediate(resolve));
    };
    for (const record of records) {
      const partition = partitioner({
        topic: record.topic,
        partitionMetadata,
        message: { key: record.key, value: record.bytes },
      });
      batch.push({ ...record, partition });
      if (batch.length >= options.batchSize) await flush();
    }
    await flush();
    if (inFlight) await inFlight;
  } finally {
    ledger.close();
    await producer.disconnect();
  }
  return { sent, elapsedMs: Date.now() - started };
}
