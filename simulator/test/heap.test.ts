// The simulator's heap and Confluent framing: the order and bytes the plan depends on.
import fc from 'fast-check';
import { defaultCatalog } from '../../schemas/src/catalog';
import { frame } from '../src/framing';
import { MinHeap } from '../src/heap';

describe('MinHeap', () => {
  it('pops by key, ties in insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), (keys) => {
        const heap = new MinHeap<number>();
        keys.forEach((k, i) => heap.push(k, i));
        const popped: number[] = [];
        while (heap.size > 0) popped.push(heap.pop() as number);
        const expected = keys.map((k, i) => ({ k, i })).sort((a, b) => a.k - b.k || a.i - b.i);
        expect(popped).toEqual(expected.map((e) => e.i));
      }),
    );
  });

  it('rekeys the top entry keeping its tie (a merge of sorted runs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 10 })).map((r) => r.sort((a, b) => a - b))),
        (runs) => {
          const heap = new MinHeap<{ run: number; next: number }>();
          runs.forEach((run, r) => {
            if (run.length > 0) heap.push(run[0]!, { run: r, next: 0 }, r);
          });
          const merged: [number, number][] = [];
          while (heap.size > 0) {
            const top = heap.peek()!;
            merged.push([runs[top.run]![top.next]!, top.run]);
            top.next++;
            if (top.next < runs[top.run]!.length) heap.rekeyTop(runs[top.run]![top.next]!);
            else heap.pop();
          }
          const expected = runs
            .flatMap((run, r) => run.map((v, i) => ({ v, r, i })))
            .sort((a, b) => a.v - b.v || a.r - b.r || a.i - b.i)
            .map((e): [number, number] => [e.v, e.r]);
          expect(merged).toEqual(expected);
        },
      ),
    );
  });
});

describe('frame', () => {
  const reader = defaultCatalog().topics.get('chat_events')!.reader;
  const value = (user_id: string) => ({
    event_id: 'e-1',
    event_type: 'reaction',
    meeting_id: 'm-1',
    user_id,
    org_id: 'o-1',
    timestamp: 1_700_000_000_000,
    message_length: 0,
    emoji: '🎉',
  });
  const reference = (id: number, v: unknown) => {
    const body = reader.type.toBuffer(v);
    const head = Buffer.alloc(5);
    head.writeInt32BE(id, 1);
    return Buffer.concat([head, body]);
  };

  it('is the Confluent header and the Avro body, also for records bigger than its scratch buffer', () => {
    for (const user of ['u', 'x'.repeat(5_000), 'y'.repeat(100_000), 'z']) {
      const bytes = frame(reader.id, reader.type, value(user));
      expect(bytes.equals(reference(reader.id, value(user)))).toBe(true);
      expect(reader.type.fromBuffer(bytes.subarray(5))).toEqual(value(user));
    }
  });

  it('returns buffers that later records do not overwrite', () => {
    const first = frame(7, reader.type, value('a'));
    const copy = Buffer.from(first);
    frame(7, reader.type, value('b'.repeat(50)));
    expect(first.equals(copy)).toBe(true);
  });
});
