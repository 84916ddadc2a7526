// Reads input records from JSON lines: `{"topic": "...", "value": {...}}` for an event as JSON, or
// `{"topic": "...", "bytes": "<base64 Confluent-framed Avro>"}`; `partition` and `offset` are optional (offsets
// default to the record's position within its topic). Errors name the file and line.
import type { InputRecord } from './records';

export class JsonlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'JsonlError';
  }
}

/** Every record of a file with the line it is on, and every line that is not a record (the file is read to its end). */
export interface JsonlContents {
  readonly records: readonly InputRecord[];
  /** lines[i] is the 1-based line of records[i]. */
  readonly lines: readonly number[];
  readonly errors: readonly JsonlError[];
}

const isPosition = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** One line → a record without its defaulted offset, or why it is not one. */
function parseLine(raw: string): (Omit<InputRecord, 'offset'> & { offset?: number }) | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return 'expected an object like {"topic": "chat_events", "value": {...}}';
  const { topic, value, bytes, partition, offset } = parsed as Record<string, unknown>;
  if (typeof topic !== 'string') return 'missing "topic" (a string)';
  if ((value === undefined) === (bytes === undefined)) return 'give exactly one of "value" or "bytes"';
  if (bytes !== undefined && typeof bytes !== 'string') return '"bytes" must be base64 text';
  if (partition !== undefined && !isPosition(partition)) return '"partition" must be a whole number ≥ 0';
  if (offset !== undefined && !isPosition(offset)) return '"offset" must be a whole number ≥ 0';
  return {
    topic,
    partition: partition ?? 0,
    ...(offset !== undefined ? { offset } : {}),
    ...(bytes !== undefined ? { bytes: Buffer.from(bytes as string, 'base64') } : { value }),
  };
}

/** Reads every line; a malformed one is listed in `errors` and skipped, the others are still read. */
export function readJsonlLines(text: string, file: string): JsonlContents {
  const records: InputRecord[] = [];
  const lines: number[] = [];
  const errors: JsonlError[] = [];
  const nextOffset = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '' || raw.trimStart().startsWith('//')) return;
    const parsed = parseLine(raw);
    if (typeof parsed === 'string') {
      errors.push(new JsonlError(file, index + 1, parsed));
      return;
    }
    const offset = parsed.offset ?? nextOffset.get(parsed.topic) ?? 0;
    nextOffset.set(parsed.topic, offset + 1);
    records.push({ ...parsed, offset });
    lines.push(index + 1);
  });
  return { records, lines, errors };
}

/** The records of a file that must be well-formed (fixtures, ledgers): the first malformed line throws. */
export function readJsonl(text: string, file: string): readonly InputRecord[] {
  const { records, errors } = readJsonlLines(text, file);
  if (errors[0]) throw errors[0];
  return records;
}
