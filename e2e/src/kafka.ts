// Kafka chores of an end-to-end run: resetting the pipeline's topics and consumer groups, waiting until a consumer
// group has committed everything, and reading a topic completely (committed transactions only).
import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { waitFor } from '../../infra/src/probe';
import type { LogRecord } from './read-committed';
import { ReadCommitted } from './read-committed';

export interface ReadRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** Deletes the topics that exist and waits until the broker no longer lists them. */
export async function deleteTopics(admin: Admin, topics: readonly string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  if (present.length === 0) return;
  await admin.deleteTopics({ topics: present, timeout: 30_000 });
  await waitFor(`topics ${present.join(', ')} to be deleted`, 60_000, async () => {
    const left = new Set(await admin.listTopics());
    return present.every((t) => !left.has(t)) || undefined;
  });
}

export async function deleteGroups(admin: Admin, groupIds: readonly string[]): Promise<void> {
  const existing = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
  const present = groupIds.filter((g) => existing.has(g));
  if (present.length > 0) await admin.deleteGroups(present);
}

/** Partitions whose committed offset for the group is behind the end of the log, as `topic/partition`. */
export async function uncommitted(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<string[]> {
  const behind: string[] = [];
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const done = new Map(
      (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [
        p.partition,
        Number(p.offset),
      ]),
    );
    for (const end of ends) {
      if (Number(end.high) > 0 && (done.get(end.partition) ?? -1) < Number(end.high))
        behind.push(`${topic}/${end.partition}`);
    }
  }
  return behind;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([k, v]) => [k, Buffer.from(v as Buffer).toString('utf8')]),
  );

/**
 * Every committed record of a topic written by transactional producers that have all finished: the whole log is
 * read (read_uncommitted) and filtered by {@link ReadCommitted}, until a fresh group has committed the end of every
 * partition, so an unexpected extra record cannot go unseen.
 */
export async function readTopic(kafka: Kafka, topic: string, timeoutMs = 120_000): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `collab-e2e-reader-${topic}-${Date.now().toString(36)}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: true });
  const reader = new ReadCommitted<ReadRecord>((partition, r) => ({
    partition,
    offset: Number(r.offset),
    key: r.key,
    value: r.value,
    headers: headerText(r.headers as IHeaders | undefined),
  }));
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommitInterval: 200,
      eachBatch: async ({ batch }) => {
        // Every record of the batch at or after the fetched offset, control records included (kafkajs keeps them
        // in this field; `batch.messages` has them removed).
        const log = (batch as unknown as { messagesWithinOffset: LogRecord[] }).messagesWithinOffset;
        for (const record of log) reader.accept(batch.partition, record);
      },
    });
    await waitFor(`a reader to reach the end of ${topic}`, timeoutMs, async () => {
      return (await uncommitted(admin, groupId, [topic])).length === 0 || undefined;
    });
    if (reader.unfinished.length > 0)
      throw new Error(
        `${topic}: transactions without a commit or abort marker: ${reader.unfinished.join(', ')}`,
      );
    return reader.committed;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
