import type { Row } from '..';
import { jobRowDifferences, rowDifferences } from '..';

const org = { id: 'org_activity_30s', key: 'org_id' };
const user = { id: 'user_trends_60s', key: 'user_id' };
const row = (
  key: Record<string, string>,
  windowStart: number,
  extra: Record<string, Row[string]> = {},
): Row => ({
  ...key,
  window_start: windowStart,
  window_end: windowStart + 30_000,
  events: 1,
  ...extra,
});

describe('rowDifferences', () => {
  it('pairs rows by the metric’s own key, whatever order they come in and whatever meeting_id says', () => {
    const flink = [row({ org_id: 'o2' }, 0, { events: 5 }), row({ org_id: 'o1' }, 0, { events: 3 })];
    const evaluator = [row({ org_id: 'o1' }, 0, { events: 3 }), row({ org_id: 'o2' }, 0, { events: 5 })];
    expect(rowDifferences(flink, evaluator, org)).toEqual([]);
    expect(rowDifferences(flink, [...evaluator].reverse(), org)).toEqual([]);
  });

  it('names the metric, the key and the window of an unequal column', () => {
    expect(
      rowDifferences(
        [row({ org_id: 'o1' }, 0, { events: 4 })],
        [row({ org_id: 'o1' }, 0, { events: 3 })],
        org,
      ),
    ).toEqual(['org_activity_30s o1 @0 events: flink 4, evaluator 3']);
  });

  it('reports a missing, an extra and a repeated window, not a cascade of shifted rows', () => {
    const evaluator = [row({ org_id: 'o1' }, 0), row({ org_id: 'o2' }, 0), row({ org_id: 'o3' }, 0)];
    const flink = [
      row({ org_id: 'o1' }, 0),
      row({ org_id: 'o3' }, 0),
      row({ org_id: 'o3' }, 0),
      row({ org_id: 'o4' }, 0),
    ];
    expect(rowDifferences(flink, evaluator, org)).toEqual([
      'org_activity_30s 4 rows from Flink, 3 from the evaluator',
      'org_activity_30s o3 @0: 2 rows from Flink',
      'org_activity_30s o4 @0: only from Flink',
      'org_activity_30s o2 @0: only from the evaluator',
    ]);
  });

  it('pairs a cumulating metric’s steps, which share their window_start, by window_end too', () => {
    const cumulating = { ...org, window: { kind: 'cumulate' } };
    const step = (end: number, events: number) => ({
      ...row({ org_id: 'o1' }, 0, { events }),
      window_end: end,
    });
    const evaluator = [step(15_000, 1), step(30_000, 2)];
    expect(rowDifferences([step(30_000, 2), step(15_000, 1)], evaluator, cumulating)).toEqual([]);
    expect(rowDifferences([step(15_000, 1), step(30_000, 3)], evaluator, cumulating)).toEqual([
      'org_activity_30s o1 @0..30000 events: flink 3, evaluator 2',
    ]);
    // Without the window kind the two steps are one window written twice.
    expect(rowDifferences([step(15_000, 1), step(30_000, 2)], evaluator, org)).toContain(
      'org_activity_30s o1 @0: 2 rows from Flink',
    );
  });

  it('compares doubles within 1e-9 relative; null equals only null; NaN and Infinity never equal', () => {
    const diff = (a: Row[string], b: Row[string]) =>
      rowDifferences([row({ org_id: 'o' }, 0, { x: a })], [row({ org_id: 'o' }, 0, { x: b })], org);
    expect(diff(1e6, 1e6 * (1 + 5e-10))).toEqual([]);
    expect(diff(1e6, 1e6 * (1 + 5e-9))).toHaveLength(1);
    expect(diff(null, null)).toEqual([]);
    expect(diff(null, 0)).toHaveLength(1);
    expect(diff(NaN, NaN)).toEqual(['org_activity_30s o @0 x: flink NaN, evaluator NaN']);
    expect(diff(Infinity, Infinity)).toHaveLength(1);
    expect(diff(null, NaN)).toHaveLength(1);
    expect(diff('degraded', 'degraded')).toEqual([]);
  });
});

describe('jobRowDifferences', () => {
  it('compares each metric of a job by its own key', () => {
    const flink = [
      { metric: org.id, ...row({ org_id: 'o1' }, 0) },
      { metric: user.id, ...row({ user_id: 'u2' }, 0) },
      { metric: user.id, ...row({ user_id: 'u1' }, 0) },
    ];
    const evaluator = [
      { metric: user.id, row: row({ user_id: 'u1' }, 0) },
      { metric: user.id, row: row({ user_id: 'u2' }, 0) },
      { metric: org.id, row: row({ org_id: 'o1' }, 0) },
    ];
    expect(jobRowDifferences(flink, evaluator, [org, user])).toEqual([]);
    expect(jobRowDifferences(flink.slice(1), evaluator, [org, user])).toEqual([
      'org_activity_30s 0 rows from Flink, 1 from the evaluator',
      'org_activity_30s o1 @0: only from the evaluator',
    ]);
  });

  it('reports rows of a metric the job does not have', () => {
    expect(jobRowDifferences([{ metric: 'other', ...row({ org_id: 'o1' }, 0) }], [], [org])).toEqual([
      'rows from Flink for metric other, which the job does not have',
    ]);
  });
});
