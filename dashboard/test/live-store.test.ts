import { Catalog, readGeneratedIr } from '../src/catalog';
import type { LiveChange } from '../src/live-store';
import { LiveStore } from '../src/live-store';

const catalog = new Catalog(readGeneratedIr());
const row = (meeting: string, windowStart: number, users: number) => ({
  meeting_id: meeting,
  window_start: windowStart,
  window_end: windowStart + 30_000,
  active_users: users,
});

describe('the live store', () => {
  it('upserts by (key, window_start), marks rows committed, and never downgrades a committed row', () => {
    const store = new LiveStore(catalog.metrics);
    const changes: LiveChange[] = [];
    store.on('change', (c) => changes.push(c));
    store.upsert('meeting_metrics_30s', [row('a', 0, 1), row('b', 0, 2)], 'pending', 10);
    store.upsert('meeting_metrics_30s', [row('a', 30_000, 3)], 'pending', 20);
    expect(
      store.latest('meeting_metrics_30s').map((r) => [r.row.meeting_id, r.row.active_users, r.status]),
    ).toEqual([
      ['a', 3, 'pending'],
      ['b', 2, 'pending'],
    ]);
    store.upsert('meeting_metrics_30s', [row('a', 30_000, 3)], 'committed', 30);
    store.upsert('meeting_metrics_30s', [row('a', 30_000, 3)], 'pending', 40);
    const [a] = store.latest('meeting_metrics_30s');
    expect(a).toMatchObject({ status: 'committed', receivedAt: 20 });
    // The repeated pending delivery changed nothing, so it emitted nothing.
    expect(changes.map((c) => c.rows.length)).toEqual([2, 1, 1]);
  });

  it('keeps only the last windows of a key', () => {
    const store = new LiveStore(catalog.metrics);
    for (let w = 0; w < 10; w++) store.upsert('meeting_metrics_30s', [row('a', w * 30_000, w)], 'pending');
    expect(store.latest('meeting_metrics_30s')[0]?.row.active_users).toBe(9);
    expect(() => store.upsert('nope', [], 'pending')).toThrow(/unknown metric/);
  });
});
