import { dropAndCount, sideOutput, sliding } from '../../dsl';
import { evaluate, JobEvaluator } from '..';
import { chat, chatEvents, jobOver, NOW, sortedRows, T0, testJob, user, userEvents } from './helpers';

const countJob = testJob({ measures: (m) => ({ n: m.count() }) });
const windowsOf = (rows: ReturnType<typeof sortedRows>) =>
  rows.map((r) => [(r.window_start as number) - T0, r.n]);

describe('window boundaries', () => {
  it('puts an event at start and at end − 1 ms in the window, and an event at end in the next', () => {
    const rows = evaluate(
      countJob,
      [
        chat('message', 'm1', 'u1', 0),
        chat('message', 'm1', 'u1', 29_999),
        chat('message', 'm1', 'u1', 30_000),
      ],
      { now: NOW },
    ).rows;
    expect(windowsOf(sortedRows(rows))).toEqual([
      [0, 2],
      [30_000, 1],
    ]);
    expect(sortedRows(rows)[0]).toMatchObject({
      window_start: T0,
      window_end: T0 + 30_000,
      date: '2026-11-25',
    });
  });

  it('dates a row by the UTC date of its window start', () => {
    const midnight = Date.UTC(2026, 10, 26) - T0;
    const rows = evaluate(
      countJob,
      [chat('message', 'm1', 'u1', midnight - 1), chat('message', 'm1', 'u1', midnight)],
      { now: NOW },
    ).rows;
    expect(sortedRows(rows).map((r) => r.date)).toEqual(['2026-11-25', '2026-11-26']);
  });
});

describe('watermark firing', () => {
  const singleSource = jobOver([chatEvents], { measures: (m) => ({ n: m.count() }) });

  it('fires a window only once the watermark reaches end − 1 (max seen − 5 s − 1 ms)', () => {
    const fired: number[] = [];
    const inputs = [
      chat('message', 'm1', 'u1', 1_000),
      chat('message', 'm1', 'u1', 34_999), // watermark 29_998: window [0, 30s) still open
      chat('message', 'm1', 'u1', 35_000), // watermark 29_999: it fires
    ];
    const evaluator = new JobEvaluator(singleSource, { now: NOW });
    for (const input of inputs) {
      evaluator.push(input);
      fired.push(evaluator.rows.length);
    }
    expect(fired).toEqual([0, 0, 1]);
    expect(evaluator.finish().rows).toHaveLength(2);
  });

  it('takes the minimum over sources that have produced, so a slow source holds windows open', () => {
    const twoSources = jobOver([chatEvents, userEvents], { measures: (m) => ({ n: m.count() }) });
    const evaluator = new JobEvaluator(twoSources, { now: NOW });
    evaluator.push(user('join', 'm1', 'u1', 1_000));
    evaluator.push(chat('message', 'm1', 'u1', 60_000)); // chat alone would fire [0, 30s); users are at 1 s
    expect(evaluator.rows).toHaveLength(0);
    evaluator.push(user('join', 'm1', 'u2', 40_000)); // users now at 40 s: watermark 34_999
    expect(evaluator.rows.map((r) => r.row.n)).toEqual([1]);
  });

  it('flushes every open window at the end of a bounded input', () => {
    const rows = evaluate(
      singleSource,
      [chat('message', 'm1', 'u1', 1_000), chat('message', 'm2', 'u1', 100_000)],
      { now: NOW },
    ).rows;
    expect(rows).toHaveLength(2);
  });
});

describe('late events', () => {
  const inputs = [
    chat('message', 'm1', 'u1', 1_000),
    chat('message', 'm1', 'u1', 40_000),
    chat('message', 'm1', 'u2', 2_000),
  ];

  it('drop-and-count: counts the late event and keeps it out of rows', () => {
    const result = evaluate(
      jobOver([chatEvents], { measures: (m) => ({ n: m.count() }), late: dropAndCount() }),
      inputs,
      { now: NOW },
    );
    expect(windowsOf(sortedRows(result.rows))).toEqual([
      [0, 1],
      [30_000, 1],
    ]);
    expect(result.counts.late).toEqual({ test_metric: 1 });
    expect(result.late).toHaveLength(1);
    expect(result.late[0]).toMatchObject({ policy: 'drop-and-count', topic: null, event: { user_id: 'u2' } });
  });

  it('side-output: counts it and keeps the event for the side topic', () => {
    const result = evaluate(
      jobOver([chatEvents], { measures: (m) => ({ n: m.count() }), late: sideOutput('late_topic') }),
      inputs,
      { now: NOW },
    );
    expect(result.counts.late).toEqual({ test_metric: 1 });
    expect(result.late[0]).toMatchObject({ policy: 'side-output', topic: 'late_topic', record: inputs[2] });
  });

  it('is not late while one of its sliding windows is still open', () => {
    const slidingJob = jobOver([chatEvents], {
      measures: (m) => ({ n: m.count() }),
      window: sliding({ size: '60s', slide: '15s' }),
    });
    // After 40 s: watermark 34_999, so windows ending at 15 s and 30 s have fired; an event at 20 s still
    // belongs to the windows ending at 45, 60 and 75 s.
    const result = evaluate(
      slidingJob,
      [
        chat('message', 'm1', 'u1', 1_000),
        chat('message', 'm1', 'u1', 40_000),
        chat('message', 'm1', 'u2', 20_000),
      ],
      { now: NOW },
    );
    expect(result.counts.late).toEqual({ test_metric: 0 });
    const byEnd = Object.fromEntries(
      sortedRows(result.rows).map((r) => [(r.window_end as number) - T0, r.n]),
    );
    expect(byEnd).toEqual({ 15_000: 1, 30_000: 1, 45_000: 3, 60_000: 3, 75_000: 2, 90_000: 1 });
  });
});

describe('sliding windows', () => {
  it('puts each event in size / slide overlapping windows', () => {
    const slidingJob = testJob({
      measures: (m) => ({ n: m.count() }),
      window: sliding({ size: '60s', slide: '15s' }),
    });
    const rows = sortedRows(evaluate(slidingJob, [chat('message', 'm1', 'u1', 16_000)], { now: NOW }).rows);
    expect(rows.map((r) => [(r.window_start as number) - T0, (r.window_end as number) - T0])).toEqual([
      [-30_000, 30_000],
      [-15_000, 45_000],
      [0, 60_000],
      [15_000, 75_000],
    ]);
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1, 1]);
  });
});
