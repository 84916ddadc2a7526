// read_committed, done by us: the records of a topic's committed transactions (and non-transactional records), from
// everything the log holds. kafkajs 2.2.4's own filter starts ignoring at most one aborted transaction per record
// it looks at, so when a fetch begins inside two aborted transactions of different producers (two jobs' sinks
// aborted after a TaskManager crash) the second one's records leak. Here each producer's transactional records wait
// for its marker: a commit releases them, an abort drops them.

export interface LogRecord {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Record<string, unknown>;
  readonly isControlRecord?: boolean;
  readonly batchContext: { readonly producerId: string; readonly inTransaction: boolean };
}

/** Control record keys: version 0, then type 0 = abort, 1 = commit. */
const COMMIT_MARKER_KEY = Buffer.from([0, 0, 0, 1]);

export class ReadCommitted<T> {
  private readonly open = new Map<string, T[]>();
  readonly committed: T[] = [];

  constructor(private readonly toRecord: (partition: number, record: LogRecord) => T) {}

  /** The next record of a partition, in offset order. */
  accept(partition: number, record: LogRecord): void {
    const slot = `${partition}/${record.batchContext.producerId}`;
    if (record.isControlRecord) {
      const pending = this.open.get(slot) ?? [];
      this.open.delete(slot);
      if (record.key && Buffer.from(record.key).equals(COMMIT_MARKER_KEY)) this.committed.push(...pending);
      return;
    }
    const value = this.toRecord(partition, record);
    if (!record.batchContext.inTransaction) this.committed.push(value);
    else (this.open.get(slot) ?? this.open.set(slot, []).get(slot)!).push(value);
  }

  /** Transactions without a marker yet, as `partition/producerId`. */
  get unfinished(): string[] {
    return [...this.open.keys()];
  }
}
