// Timestamps as people write them (fixtures, preview's --now, a source's notBefore) and as details print them.
// Date.parse is not used: it reads a zone-less time in the machine's zone, rolls 2026-02-30 over to March and
// accepts free text such as 'Dec 2 2026', so the same input would mean different instants on different machines.

/** The instant a timestamp string names, or why it names none. */
export type ParsedTimestamp =
  { readonly ok: true; readonly millis: number } | { readonly ok: false; readonly problem: string };

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const EPOCH_MILLIS = /^-?\d+$/;
/** Java's ZoneOffset range. */
const MAX_OFFSET_MINUTES = 18 * 60;
/** The range of a JavaScript Date (and so of toISOString). */
const MAX_DATE_MS = 8.64e15;

const EXPECTED =
  'expected ISO-8601 with a zone, e.g. 2026-11-25T10:00:00Z or 2026-11-25T11:00:00+01:00, or epoch millis';

function daysInMonth(year: number, month: number): number {
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return lastDay.getUTCDate();
}

/** ISO-8601 with an explicit zone (`Z` or `±hh:mm`), or whole epoch millis; anything else is refused. */
export function parseTimestamp(text: string): ParsedTimestamp {
  if (EPOCH_MILLIS.test(text)) {
    const millis = Number(text);
    return Number.isSafeInteger(millis)
      ? { ok: true, millis }
      : { ok: false, problem: `'${text}' is too large for epoch millis` };
  }
  const match = ISO_WITH_ZONE.exec(text);
  if (!match) {
    const zoneless = /^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/.test(text);
    return {
      ok: false,
      problem: `'${text}' ${zoneless ? 'has no time zone' : 'is not a timestamp'}: ${EXPECTED}`,
    };
  }
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const outOfRange = (what: string) => ({ ok: false as const, problem: `'${text}': ${what} out of range` });
  if (month < 1 || month > 12) return outOfRange('month');
  if (day < 1 || day > daysInMonth(year, month)) return outOfRange(`day ${day} of ${y}-${mo}`);
  if (hour > 23) return outOfRange('hour');
  if (minute > 59) return outOfRange('minute');
  if (second > 59) return outOfRange('second');
  const offsetMinutes = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  if (Number(om) > 59 || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return outOfRange('zone offset');
  // Finer than millis is truncated, as Java's Instant.toEpochMilli does.
  const millis = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return { ok: true, millis: date.getTime() - offsetMinutes * 60_000 };
}

/** An instant for a message: ISO-8601 when a Date can show it, else the raw epoch millis (Java prints ±yyyyyy). */
export function formatInstant(millis: number): string {
  return Math.abs(millis) <= MAX_DATE_MS ? new Date(millis).toISOString() : `${millis} ms since the epoch`;
}
