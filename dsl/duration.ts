// Durations are string literals with a unit, checked by the type system ('30s' compiles, '30 seconds' does not)
// and parsed once into milliseconds.

/** The units a {@link Duration} may carry: milliseconds, seconds, minutes, hours, days. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

/**
 * A length of time written as a number and a unit.
 *
 * @example
 * const size: Duration = '30s';
 * const ttl: Duration = '4h';
 */
export type Duration = `${number}${DurationUnit}`;

const UNIT_MS: Record<DurationUnit, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d)$/;

/**
 * Converts a duration literal to whole milliseconds; throws on anything that is not a positive whole number of units.
 *
 * @example
 * parseDuration('15s'); // 15000
 */
export function parseDuration(duration: Duration): number {
  const match = DURATION_PATTERN.exec(duration);
  if (!match)
    throw new DslError(
      'bad-duration',
      `'${duration}' is not a duration: write a whole number and a unit, e.g. '30s', '5m'`,
    );
  const ms = Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
  if (ms <= 0) throw new DslError('bad-duration', `'${duration}' must be longer than zero`);
  return ms;
}

/** A definition that breaks a rule the type system cannot express (ids, window arithmetic, duplicates). */
export class DslError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DslError';
  }
}
