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

export class LedgerWriter {
  private readonly fd: number;
  private count = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  write(record: PlannedRecord, partition: number, offset: number): void {
    const line: LedgerLine = {
      topic: record.topic,
      partition,
      offset,
      key: record.key,
      bytes: record.bytes.toString('base64'),
      expect: record.expect,
    };
    fs.writeSync(this.fd, JSON.stringify(line) + '\n');
    this.count++;
  }

  get written(): number {
    return this.count;
  }

  close(): void {
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}
