// The ledger's lines are JSON.stringify of a LedgerLine, byte for byte, whatever the key holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LedgerLine } from '../src/ledger';
import { LedgerWriter } from '../src/ledger';
import type { PlannedRecord } from '../src/plan';

describe('LedgerWriter', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one JSON line per record, in order, with partition and offset', () => {
    const valid = { kind: 'valid' } as const;
    const records: PlannedRecord[] = [
      {
        topic: 'chat_events',
        key: 'mtg-000001',
        bytes: Buffer.from([0, 0, 0, 0, 1, 2]),
        eventTime: 1,
        expect: valid,
      },
      { topic: 'user_events', key: '', bytes: Buffer.alloc(0), eventTime: 2, expect: { kind: 'late' } },
      {
        topic: 'meeting_events',
        key: 'quote " backslash \\ newline \n emoji 🎉 \u0001',
        bytes: Buffer.from('{"not":"framed"}'),
        eventTime: 3,
        expect: { kind: 'dead-letter', reason: 'not-confluent-framed' },
      },
      { topic: 'chat_events', key: 'mtg-000002', bytes: Buffer.alloc(300, 7), eventTime: 4, expect: valid },
    ];
    const file = path.join(dir, 'ledger.jsonl');
    const ledger = new LedgerWriter(file);
    records.forEach((r, i) => ledger.write(r, i % 3, 1_000 + i));
    ledger.flush();
    ledger.write(records[0]!, 2, 7);
    ledger.close();
    const expected = [
      ...records.map((r, i) => [r, i % 3, 1_000 + i] as const),
      [records[0]!, 2, 7] as const,
    ].map(([r, partition, offset]) => {
      const line: LedgerLine = {
        topic: r.topic,
        partition,
        offset,
        key: r.key,
        bytes: r.bytes.toString('base64'),
        expect: r.expect,
      };
      return JSON.stringify(line) + '\n';
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(expected.join(''));
    expect(ledger.written).toBe(5);
  });
});
