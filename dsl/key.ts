// A metric's key: one field (`key: 'meeting_id'`) or several (`key: ['org_id', 'meeting_id']`). Rows hold each part
// in its own column; where one string must stand for the whole key (grouping, the live topic's Kafka record key) a
// composite key is the JSON array of its parts, which is injective: `["a,b","c"]` and `["a","b,c"]` differ, as
// a join with a separator would not unless escaped. A single-field key stays its value, as before composite keys.

/** The key as the author wrote it. */
export type KeySpec = string | readonly string[];

/** The key's fields in order: one for a single-field key. */
export function keyFields(key: KeySpec): readonly string[] {
  return typeof key === 'string' ? [key] : key;
}

/** The one string of a key value: its only part, or the JSON array of its parts (the runtime's CompositeKey). */
export function encodeKey(key: KeySpec, parts: readonly string[]): string {
  return typeof key === 'string' ? (parts[0] as string) : JSON.stringify(parts);
}

/** The parts of an encoded key value: the inverse of {@link encodeKey}. */
export function decodeKey(key: KeySpec, encoded: string): readonly string[] {
  return typeof key === 'string' ? [encoded] : (JSON.parse(encoded) as string[]);
}

/** How a key reads in messages and operator names: `meeting_id`, `[org_id, meeting_id]`. */
export function describeKey(key: KeySpec): string {
  return typeof key === 'string' ? key : `[${key.join(', ')}]`;
}

/** The key value of a row (or an event), from its key columns, encoded as `encodeKey` does. */
export function keyOf(key: KeySpec, row: Readonly<Record<string, unknown>>): string {
  return encodeKey(
    key,
    keyFields(key).map((field) => String(row[field])),
  );
}
