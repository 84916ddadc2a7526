// The ledger: exactly what the simulator sent, one JSON line per record, with the partition and offset Kafka
// gave it. Its lines are the reference evaluator's input format (`{"topic", "partition", "offset", "bytes"}`),
// so the expected rows of an end-to-end run are `evaluate(job, readJsonl(ledger))`.
import fs from 'node:fs';
import type { PlannedRecord } from './plan';

export interface LedgerLine {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string;
  readonly bytes: string;
  readonly expect: PlannedRecord['expect'];
}

/** Buffered lines are written out once they reach this many characters (and on `flush` and `close`). */
const FLUSH_CHARS = 1 << 20;

export class LedgerWriter {
  private readonly fd: number;
  private count = 0;
  private pending: string[] = [];
  private pendingChars = 0;
  /** JSON of the `expect` objects seen (the plan shares them between records). */
  private readonly expectJson = new WeakMap<PlannedRecord['expect'], string>();
  /** JSON strings of recent topics and keys (keys are meeting ids: few at a time). */
  private readonly stringJson = new Map<string, string>();

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  /** Buffers the line of a record Kafka has acknowledged; `flush` (or `close`) writes it. */
  write(record: PlannedRecord, partition: number, offset: number): void {
    let expect = this.expectJson.get(record.expect);
    if (expect === undefined) {
      expect = JSON.stringify(record.expect);
      this.expectJson.set(record.expect, expect);
    }
    // Exactly JSON.stringify of a LedgerLine (same keys, same order), without building the object.
    const line =
      `{"topic":${this.json(record.topic)},"partition":${partition},"offset":${offset},` +
      `"key":${this.json(record.key)},"bytes":"${record.bytes.toString('base64')}","expect":${expect}}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
    this.count++;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  private json(text: string): string {
    let json = this.stringJson.get(text);
    if (json === undefined) {
      json = JSON.stringify(text);
      if (this.stringJson.size >= 10_000) this.stringJson.clear();
      this.stringJson.set(text, json);
    }
    return json;
  }

  /** Writes the buffered lines to the file. */
  flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    for (let done = 0; done < bytes.length;) done += fs.writeSync(this.fd, bytes, done, bytes.length - done);
    this.pending = [];
    this.pendingChars = 0;
  }

  get written(): number {
    return this.count;
  }

  close(): void {
    try {
      this.flush();
      fs.fsyncSync(this.fd);
    } finally {
      fs.closeSync(this.fd);
    }
  }
}
