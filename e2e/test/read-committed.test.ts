import type { LogRecord } from '../src/read-committed';
import { ReadCommitted } from '../src/read-committed';

const record = (offset: number, producerId: string, inTransaction = true): LogRecord => ({
  offset: String(offset),
  key: null,
  value: Buffer.from(`v${offset}`),
  batchContext: { producerId, inTransaction },
});
const marker = (offset: number, producerId: string, commit: boolean): LogRecord => ({
  offset: String(offset),
  key: Buffer.from([0, 0, 0, commit ? 1 : 0]),
  value: null,
  isControlRecord: true,
  batchContext: { producerId, inTransaction: true },
});

describe('read_committed over the raw log', () => {
  it('keeps committed transactions and drops aborted ones, across interleaved producers', () => {
    const reader = new ReadCommitted((_p, r) => r.offset);
    for (const r of [
      record(1, 'a'),
      record(2, 'b'),
      record(3, 'x', false),
      record(4, 'a'),
      marker(5, 'b', false),
      marker(6, 'a', true),
      record(7, 'b'),
    ])
      reader.accept(0, r);
    expect(reader.committed).toEqual(['3', '1', '4']);
    expect(reader.unfinished).toEqual(['0/b']);
  });

  it('keeps partitions apart', () => {
    const reader = new ReadCommitted((p, r) => `${p}:${r.offset}`);
    reader.accept(0, record(1, 'a'));
    reader.accept(1, marker(1, 'a', true));
    expect(reader.committed).toEqual([]);
    reader.accept(0, marker(2, 'a', true));
    expect(reader.committed).toEqual(['0:1']);
  });
});
