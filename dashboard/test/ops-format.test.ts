// The Ops page's values in the Grafana units of the generated dashboards.
import { formatUnit } from '../web/src/format';

describe('formatUnit', () => {
  it.each([
    ['short', 950, '950'],
    ['short', 12_345, '12.3K'],
    ['short', 2_500_000, '2.5M'],
    ['ops', 0.25, '0.25/s'],
    ['ops', 4200, '4.2K/s'],
    ['ms', 0, '0'],
    ['ms', 250, '250 ms'],
    ['ms', 90_000, '1.5 min'],
    ['ms', 7_200_000, '2 h'],
    ['s', 42, '42 s'],
    ['s', 0.5, '500 ms'],
    ['bytes', 512, '512 B'],
    ['bytes', 3 * 2 ** 20, '3 MiB'],
    ['percentunit', 0.125, '12.5 %'],
    ['none', 1.23456, '1.23'],
    [null, 7, '7'],
    ['ms', Number.NaN, '—'],
  ])('%s %d → %s', (unit, value, text) => {
    expect(formatUnit(unit, value)).toBe(text);
  });
});
