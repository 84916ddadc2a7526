// Sends planned records to Kafka in order, at a target rate, and writes the ledger with the partition and
// offset each record got. Topics are created first (partitions and replication factor from the options).
//
// Order and exactness: every record's partition is chosen here (Kafka's murmur2 partitioner on its key), and each
// partition belongs to exactly one idempotent producer, which has one request in flight at a time. So every
// partition gets its records in planned order, each once, and each batch's response gives the base offset of
// its records in every partition: the ledger holds each record's exact offset.
//
// Why not more requests in flight on one producer: kafkajs 2.2.4's idempotent producer holds a per-broker lock
// from assigning sequence numbers until the response (eosManager.acquireBrokerLock in producer/sendMessages.js),
// so with one broker it sends one request at a time whatever maxInFlightRequests says, and a failed request
// retries behind the batches queued on that lock (reordering the partition). Several producers over disjoint
// partitions get several requests in flight without either problem.
import type { Message, PartitionerArgs, Producer } from 'kafkajs';
import { kafkaSecurityFromEnv } from '../../kafka/src/security';
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
  /** Records per send: split over the producers, one request each. */
  readonly batchSize: number;
  /** Idempotent producers sending at once, producer i owning partitions p with p % producers === i (default 1). */
  readonly producers?: number;
  readonly ledgerFile: string;
  readonly onProgress?: (sent: number, elapsedMs: number) => void;
  /** kafkajs retries of a failed request (default theirs: 5, about 10 s in all); a fault campaign raises it. */
  readonly retry?: { readonly retries: number; readonly maxRetryTime: number };
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

/** The producers' partitioner: every message already carries the partition chosen here. */
const givenPartition =
  () =>
  ({ message }: PartitionerArgs): number =>
    message.partition as number;

/** The partition the producer sends each key to, of `partitions` (Kafka's default murmur2 partitioner). */
export function keyPartitioner(partitions: number): (key: string) => number {
  const route = keyRouter(partitions);
  return (key) => route(key).partition;
}

/** A key's partition (Kafka's default murmur2 partitioner) and its UTF-8 bytes, remembered per key. */
function keyRouter(partitions: number): (key: string) => { partition: number; bytes: Buffer } {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  const known = new Map<string, { partition: number; bytes: Buffer }>();
  return (key) => {
    let found = known.get(key);
    if (found === undefined) {
      // The partition depends on the key alone (and the partition count), not on the topic.
      const partition = partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
      found = { partition, bytes: Buffer.from(key, 'utf8') };
      if (known.size >= 100_000) known.clear(); // keys are meeting ids: few at a time
      known.set(key, found);
    }
    return found;
  };
}

export async function produce(
  records: Iterable<PlannedRecord>,
  options: ProduceOptions,
): Promise<ProduceResult> {
  const kafka = new Kafka({
    ...kafkaSecurityFromEnv(),
    clientId: 'collab-simulator',
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
    ...(options.retry ? { retry: { ...options.retry } } : {}),
  });
  await ensureTopics(kafka, options.topics, options.partitions, options.replicationFactor);
  const route = keyRouter(options.partitions);
  const lanes = Math.max(1, Math.min(options.producers ?? 1, options.partitions));
  const producers: Producer[] = Array.from({ length: lanes }, () =>
    kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: givenPartition }),
  );
  const ledger = new LedgerWriter(options.ledgerFile);
  let started = Date.now();
  let sent = 0;
  let lastProgress = started;
  try {
    await Promise.all(producers.map((p) => p.connect()));
    started = lastProgress = Date.now();
    // Topic partitions are numbered slots: topic index · partitions + partition.
    const topicIndex = new Map<string, number>();
    const topicNames: string[] = [];
    const indexOf = (topic: string) => {
      let index = topicIndex.get(topic);
      if (index === undefined) {
        index = topicNames.push(topic) - 1;
        topicIndex.set(topic, index);
      }
      return index;
    };
    let batch: PlannedRecord[] = [];
    let batchSlots: number[] = [];
    let batchMessages: Message[] = [];
    // One batch in flight while the next one is planned and encoded: the CPU work overlaps the broker's round
    // trip. Batches go out one at a time and in order (each waits for the previous one's offsets).
    let inFlight: Promise<void> | undefined;
    const send = async (records: readonly PlannedRecord[], slots: readonly number[], messages: Message[]) => {
      // Per producer, per topic: the messages in planned order.
      const byLane = Array.from({ length: lanes }, () => [] as Message[][]);
      for (let i = 0; i < records.length; i++) {
        const slot = slots[i]!;
        const byTopic = byLane[(slot % options.partitions) % lanes]!;
        const topic = Math.floor(slot / options.partitions);
        (byTopic[topic] ??= []).push(messages[i]!);
      }
      const responses = await Promise.allSettled(
        byLane.map(async (byTopic, lane) => {
          const topicMessages = byTopic.flatMap((list, topic) =>
            list ? [{ topic: topicNames[topic]!, messages: list }] : [],
          );
          return topicMessages.length === 0 ? [] : producers[lane]!.sendBatch({ acks: -1, topicMessages });
        }),
      );
      // The next offset in each topic partition, from each response's base offsets. A producer whose batch failed
      // has no offsets: its records are left out of the ledger, the others' are written, then the failure is thrown.
      const next: number[] = [];
      const failed: unknown[] = [];
      for (const response of responses) {
        if (response.status === 'rejected') failed.push(response.reason);
        else
          for (const m of response.value)
            next[indexOf(m.topicName) * options.partitions + m.partition] = Number(m.baseOffset);
      }
      let written = 0;
      for (let i = 0; i < records.length; i++) {
        const slot = slots[i]!;
        const partition = slot % options.partitions;
        if (failed.length > 0 && responses[partition % lanes]!.status === 'rejected') continue;
        const offset = next[slot];
        if (offset === undefined) throw new Error(`no offset returned for ${records[i]!.topic}/${partition}`);
        next[slot] = offset + 1;
        ledger.write(records[i]!, partition, offset);
        written++;
      }
      ledger.flush();
      sent += written;
      if (failed.length > 0) throw failed[0];
      if (options.onProgress && Date.now() - lastProgress >= 2_000) {
        lastProgress = Date.now();
        options.onProgress(sent, lastProgress - started);
      }
    };
    const flush = async () => {
      if (batch.length === 0) return;
      const [records, slots, messages] = [batch, batchSlots, batchMessages];
      batch = [];
      batchSlots = [];
      batchMessages = [];
      if (inFlight) await inFlight;
      if (options.rate > 0) {
        const due = started + (sent / options.rate) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      inFlight = send(records, slots, messages);
      // Its failure surfaces where it is awaited (next flush or the end), not as an unhandled rejection.
      inFlight.catch(() => undefined);
      // Let the requests reach the sockets before planning the next batch (synchronous CPU work).
      await new Promise((resolve) => setImmediate(resolve));
    };
    for (const record of records) {
      const { partition, bytes } = route(record.key);
      batch.push(record);
      batchSlots.push(indexOf(record.topic) * options.partitions + partition);
      batchMessages.push({ key: bytes, value: record.bytes, partition });
      if (batch.length >= options.batchSize) await flush();
    }
    await flush();
    if (inFlight) await inFlight;
  } finally {
    ledger.close();
    await Promise.all(producers.map((p) => p.disconnect()));
  }
  return { sent, elapsedMs: Date.now() - started };
}
