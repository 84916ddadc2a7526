// Reads input records from JSON lines: `{"topic": "...", "value": {...}}` for an event as JSON, or
// `{"topic": "...", "bytes": "<base64 Confluent-framed Avro>"}`; `partition` and `offset` are optional (offsets
// default to the record's position within its topic). Errors name the file and line.
import type { InputRecord } from './records';

export class JsonlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'JsonlError';
  }
}

export function readJsonl(text: string, file: string): InputRecord[] {
  const records: InputRecord[] = [];
  const nextOffset = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('//')) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new JsonlError(file, line, `not valid JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new JsonlError(file, line, 'expected an object like {"topic": "chat_events", "value": {...}}');
    }
    const { topic, value, bytes, partition, offset } = parsed as Record<string, unknown>;
    if (typeof topic !== 'string') throw new JsonlError(file, line, 'missing "topic" (a string)');
    if ((value === undefined) === (bytes === undefined))
      throw new JsonlError(file, line, 'give exactly one of "value" or "bytes"');
    if (bytes !== undefined && typeof bytes !== 'string')
      throw new JsonlError(file, line, '"bytes" must be base64 text');
    const position = nextOffset.get(topic) ?? 0;
    const recordOffset = typeof offset === 'number' ? offset : position;
    nextOffset.set(topic, recordOffset + 1);
    records.push({
      topic,
      partition: typeof partition === 'number' ? partition : 0,
      offset: recordOffset,
      ...(bytes !== undefined ? { bytes: Buffer.from(bytes as string, 'base64') } : { value }),
    });
  });
  return records;
}
