// Durations are string literals with a unit, checked by the type system ('30s' compiles, '30 seconds' does not)
// and parsed once into milliseconds (rules.ts: positive, whole, at most MAX_DURATION_MS).
import { DslError, duration } from './rules';

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

/**
 * Converts a duration literal to whole milliseconds; throws on anything that is not a positive whole number of
 * units, or longer than 366 days.
 *
 * @example
 * parseDuration('15s'); // 15000
 */
export function parseDuration(text: Duration): number {
  const result = duration(text);
  if (!result.ok) throw new DslError(result.violation.code, result.violation.message);
  return result.ms;
}
