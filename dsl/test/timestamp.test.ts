import { formatInstant, parseTimestamp } from '../timestamp';

describe('parseTimestamp', () => {
  it.each([
    ['2026-11-25T10:00:00Z', Date.UTC(2026, 10, 25, 10)],
    ['2026-11-25T10:00Z', Date.UTC(2026, 10, 25, 10)],
    ['2026-11-25T10:00:01.5Z', Date.UTC(2026, 10, 25, 10, 0, 1, 500)],
    ['2026-11-25T10:00:01.123456789Z', Date.UTC(2026, 10, 25, 10, 0, 1, 123)],
    ['2026-11-25T11:30:00+01:30', Date.UTC(2026, 10, 25, 10)],
    ['2026-11-25T05:00:00-05:00', Date.UTC(2026, 10, 25, 10)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['0001-01-01T00:00:00Z', -62_135_596_800_000],
    ['1764064800000', 1_764_064_800_000],
    ['-1', -1],
  ])('%s is %d', (text, millis) => {
    expect(parseTimestamp(text)).toEqual({ ok: true, millis });
  });

  it.each([
    ['2026-11-25T10:00:00', 'has no time zone'],
    ['2026-11-25', 'has no time zone'],
    ['2026-02-30T10:00:00Z', 'day 30 of 2026-02 out of range'],
    ['2026-02-29T10:00:00Z', 'day 29 of 2026-02 out of range'],
    ['1900-02-29T10:00:00Z', 'day 29 of 1900-02 out of range'],
    ['2026-13-01T10:00:00Z', 'month out of range'],
    ['2026-11-25T24:00:00Z', 'hour out of range'],
    ['2026-11-25T10:60:00Z', 'minute out of range'],
    ['2026-11-25T10:00:60Z', 'second out of range'],
    ['2026-11-25T10:00:00+19:00', 'zone offset out of range'],
    ['2026-11-25T10:00:00+01:75', 'zone offset out of range'],
    ['2026-11-25T10:00:00+0100', 'is not a timestamp'],
    ['Nov 25 2026 10:00 GMT', 'is not a timestamp'],
    ['2026-11-25 10:00:00Z', 'is not a timestamp'],
    ['', 'is not a timestamp'],
    ['99999999999999999999', 'too large for epoch millis'],
  ])('refuses %j (%s)', (text, problem) => {
    const parsed = parseTimestamp(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });
});

describe('formatInstant', () => {
  it('prints ISO-8601 inside a Date’s range and epoch millis beyond it, never throwing', () => {
    expect(formatInstant(8.64e15)).toBe('+275760-09-13T00:00:00.000Z');
    expect(formatInstant(8.64e15 + 1)).toBe('8640000000000001 ms since the epoch');
    expect(formatInstant(-(2 ** 62))).toBe('-4611686018427388000 ms since the epoch');
  });
});
