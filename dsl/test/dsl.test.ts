import { DslError, dropAndCount, job, lakeTable, metric, parseDuration, sliding, source, tumbling } from '..';
import { chatEvents } from '../../jobs/sources';

const valid = {
  id: 'chat_counts',
  version: 1,
  sources: [chatEvents],
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m: { count(): never }) => ({ n: m.count() }),
  sinks: [lakeTable({ table: 'chat_counts' })],
} as const;

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DslError ? error.code : `not a DslError: ${String(error)}`;
  }
  return undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the run-time checks below are for what types cannot catch
const untyped = metric as (def: any) => ReturnType<typeof metric>;

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['4h', 14_400_000],
    ['1d', 86_400_000],
  ] as const)('%s is %d ms', (literal, ms) => expect(parseDuration(literal)).toBe(ms));

  it.each(['0s', '1.5s', '-1s', '1e3s'] as const)('rejects %s at run time', (literal) => {
    expect(code(() => parseDuration(literal))).toBe('bad-duration');
  });
});

describe('definitions', () => {
  it('builds a frozen metric with its measures evaluated', () => {
    const m = untyped(valid);
    expect(Object.isFrozen(m)).toBe(true);
    expect(m.measures.n).toMatchObject({ measure: 'count', from: null, where: null });
    expect(m.sources.map((s) => s.topic)).toEqual(['chat_events']);
  });

  it.each([
    ['not-snake-case', { id: 'ChatCounts' }],
    ['bad-version', { version: 0 }],
    ['missing-property', { late: undefined }],
    ['no-sources', { sources: [] }],
    ['duplicate-column', { measures: (m: { count(): unknown }) => ({ date: m.count() }) }],
    ['not-snake-case', { measures: (m: { count(): unknown }) => ({ 'Bad Name': m.count() }) }],
    ['duplicate-column', { derived: { n: () => 1 } }],
  ])('rejects %s', (expected, override) => {
    expect(code(() => untyped({ ...valid, ...override }))).toBe(expected);
  });

  it('rejects a measure over a source the metric does not read', () => {
    const userEvents = source({
      topic: 'user_events',
      eventTime: 'timestamp',
      watermark: { maxOutOfOrder: '1s', idleAfter: '1m' },
    });
    expect(
      code(() =>
        untyped({
          ...valid,
          measures: (m: { from(s: unknown): { count(): unknown } }) => ({ n: m.from(userEvents).count() }),
        }),
      ),
    ).toBe('unknown-source');
  });

  it('rejects a sliding window whose size is not a multiple of the slide', () => {
    expect(code(() => sliding({ size: '60s', slide: '25s' }))).toBe('window-size-not-multiple-of-slide');
  });

  it('rejects duplicate metric ids and conflicting sources in a job', () => {
    const m = untyped(valid);
    expect(code(() => job({ id: 'j', deadLetterTopic: 'dlq', metrics: [m, m] }))).toBe('duplicate-metric');
    const otherChat = source({
      topic: 'chat_events',
      eventTime: 'timestamp',
      watermark: { maxOutOfOrder: '9s', idleAfter: '1m' },
    });
    const m2 = untyped({ ...valid, id: 'other', sources: [otherChat] });
    expect(code(() => job({ id: 'j', deadLetterTopic: 'dlq', metrics: [m, m2] }))).toBe(
      'conflicting-sources',
    );
  });

  it('collects the sources of all metrics once, in first-use order', () => {
    const j = job({ id: 'j', deadLetterTopic: 'dlq', metrics: [untyped(valid)] });
    expect(j.sources.map((s) => s.topic)).toEqual(['chat_events']);
  });
});
