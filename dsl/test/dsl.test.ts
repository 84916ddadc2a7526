import {
  DslError,
  MAX_DURATION_MS,
  dropAndCount,
  job,
  lakeTable,
  liveTopic,
  metric,
  parseDuration,
  sideOutput,
  session,
  sliding,
  source,
  tumbling,
} from '..';
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

  it('accepts up to 366 days and rejects anything longer', () => {
    expect(parseDuration('366d')).toBe(MAX_DURATION_MS);
    expect(code(() => parseDuration(`${MAX_DURATION_MS + 1}ms`))).toBe('duration-too-long');
    expect(code(() => parseDuration('367d'))).toBe('duration-too-long');
    expect(code(() => tumbling('999999999999d'))).toBe('duration-too-long');
    expect(code(() => sliding({ size: '400d', slide: '4d' }))).toBe('duration-too-long');
  });
});

describe('windows', () => {
  it('puts each event in at most 100 sliding windows', () => {
    expect(sliding({ size: '100m', slide: '1m' })).toMatchObject({ size: '100m', slide: '1m' });
    expect(code(() => sliding({ size: '101m', slide: '1m' }))).toBe('too-many-windows-per-event');
    expect(code(() => sliding({ size: '1d', slide: '1ms' }))).toBe('too-many-windows-per-event');
  });
});

describe('session windows', () => {
  it('keeps gap and maxDuration as written, maxDuration null when absent', () => {
    expect(session({ gap: '5m', maxDuration: '4h' })).toEqual({
      kind: 'session',
      gap: '5m',
      maxDuration: '4h',
    });
    expect(session({ gap: '5m' })).toEqual({ kind: 'session', gap: '5m', maxDuration: null });
  });

  it('checks both durations and refuses a maxDuration not longer than the gap', () => {
    expect(code(() => session({ gap: '0s' }))).toBe('bad-duration');
    expect(code(() => session({ gap: '400d' }))).toBe('duration-too-long');
    expect(code(() => session({ gap: '5m', maxDuration: '367d' }))).toBe('duration-too-long');
    expect(code(() => session({ gap: '5m', maxDuration: '5m' }))).toBe('session-max-duration-not-above-gap');
    expect(code(() => session({ gap: '5m', maxDuration: '4m' }))).toBe('session-max-duration-not-above-gap');
    expect(session({ gap: '5m', maxDuration: '300001ms' }).maxDuration).toBe('300001ms');
  });
});

describe('topic names', () => {
  it.each(['../../etc', '.', '..', 'a'.repeat(250), 'has space', 'ünïcode', ''])('rejects %j', (topic) => {
    expect(code(() => liveTopic({ topic }))).toBe('bad-topic-name');
    expect(code(() => sideOutput(topic))).toBe('bad-topic-name');
  });

  it('checks the dead-letter topic of a job too', () => {
    expect(code(() => job({ id: 'j', deadLetterTopic: 'dead letters', metrics: [untyped(valid)] }))).toBe(
      'bad-topic-name',
    );
  });

  it.each(['a'.repeat(249), 'Meeting.Metrics_live-2', '...'])('accepts %j', (topic) => {
    expect(liveTopic({ topic }).topic).toBe(topic);
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

  it('rejects lake tables and schemas that are not snake_case', () => {
    expect(code(() => lakeTable({ table: 'Joins' }))).toBe('not-snake-case');
    expect(code(() => lakeTable({ table: 'joins', schema: 'my-lake' }))).toBe('not-snake-case');
  });

  it('rejects a notBefore without a zone', () => {
    const bounded = (notBefore: string) =>
      source({
        topic: 'chat_events',
        eventTime: 'timestamp',
        watermark: { maxOutOfOrder: '1s', idleAfter: '1m' },
        timestampBounds: { notBefore },
      });
    expect(bounded('2020-01-01T00:00:00+02:00').timestampBounds.notBefore).toBe('2020-01-01T00:00:00+02:00');
    expect(code(() => bounded('2020-01-01'))).toBe('bad-timestamp-bound');
    expect(code(() => bounded('2020-01-01T00:00:00'))).toBe('bad-timestamp-bound');
  });

  it('rejects a job without metrics or a dead-letter topic', () => {
    expect(code(() => job({ id: 'j', deadLetterTopic: 'dlq', metrics: [] }))).toBe('no-metrics');
    expect(code(() => job({ id: 'j', metrics: [untyped(valid)] } as never))).toBe('missing-property');
  });

  it('rejects one lake table written by two metrics', () => {
    const m2 = untyped({ ...valid, id: 'other' });
    expect(code(() => job({ id: 'j', deadLetterTopic: 'dlq', metrics: [untyped(valid), m2] }))).toBe(
      'duplicate-table',
    );
  });

  describe('topics a job writes have one purpose', () => {
    const live = (id: string, topic: string) =>
      untyped({ ...valid, id, sinks: [lakeTable({ table: id }), liveTopic({ topic })] });
    it.each([
      ['a late side output that is a source', () => untyped({ ...valid, late: sideOutput('chat_events') })],
      [
        'a live topic that is a source',
        () => untyped({ ...valid, sinks: [liveTopic({ topic: 'chat_events' })] }),
      ],
      [
        'two live topics of one metric',
        () => untyped({ ...valid, sinks: [liveTopic({ topic: 'x' }), liveTopic({ topic: 'x' })] }),
      ],
      [
        'a live topic that is the dead-letter topic',
        () => job({ id: 'j', deadLetterTopic: 'x', metrics: [live('a', 'x')] }),
      ],
      [
        'a dead-letter topic that is a source',
        () => job({ id: 'j', deadLetterTopic: 'chat_events', metrics: [untyped(valid)] }),
      ],
      [
        "a live topic that is another metric's",
        () => job({ id: 'j', deadLetterTopic: 'dlq', metrics: [live('a', 'x'), live('b', 'x')] }),
      ],
      [
        "a late side output that is another metric's live topic",
        () =>
          job({
            id: 'j',
            deadLetterTopic: 'dlq',
            metrics: [live('a', 'x'), untyped({ ...valid, id: 'b', late: sideOutput('x'), sinks: [] })],
          }),
      ],
    ])('rejects %s', (_what, build) => {
      expect(code(build)).toBe('topic-collision');
    });

    it('lets many metrics read one source', () => {
      const j = job({ id: 'j', deadLetterTopic: 'dlq', metrics: [live('a', 'x'), live('b', 'y')] });
      expect(j.sources.map((s) => s.topic)).toEqual(['chat_events']);
    });
  });

  it('collects the sources of all metrics once, in first-use order', () => {
    const j = job({ id: 'j', deadLetterTopic: 'dlq', metrics: [untyped(valid)] });
    expect(j.sources.map((s) => s.topic)).toEqual(['chat_events']);
  });
});
