// From an input record to an accepted event or a dead letter: decode (bytes) or conform (JSON) to the topic's
// reader schema, then the checks that protect keying and watermarks. Order and codes: docs/SEMANTICS.md.
import type { SchemaCatalog } from '../../schemas/src/catalog';
import type { Source } from '../../dsl';
import { parseDuration } from '../../dsl';
import type { Event, Rejection } from './conform';
import { conformToSchema, reject } from './conform';
import { decodeConfluentAvro } from './decode';
import type { ValidationLimits } from './limits';
import type { InputRecord } from './records';
import { formatInstant, parseTimestamp } from '../../dsl/timestamp';

export type Validated = { readonly ok: true; readonly event: Event; readonly eventTime: number } | Rejection;

/** Everything needed to validate one source's records; built once per source. */
export interface SourceValidator {
  readonly source: Source;
  readonly keyFields: ReadonlySet<string>;
  readonly notBefore: number;
  readonly maxAheadMs: number;
}

export function sourceValidator(source: Source, keyFields: Iterable<string>): SourceValidator {
  const notBefore = parseTimestamp(source.timestampBounds.notBefore);
  if (!notBefore.ok) throw new Error(`source ${source.topic}: notBefore ${notBefore.problem}`);
  return {
    source,
    keyFields: new Set(keyFields),
    notBefore: notBefore.millis,
    maxAheadMs: parseDuration(source.timestampBounds.maxAheadOfNow),
  };
}

function checkEvent(
  event: Event,
  validator: SourceValidator,
  limits: ValidationLimits,
  now: number,
): Validated {
  for (const field of validator.keyFields) {
    const key = event[field];
    if (typeof key !== 'string' || key.trim() === '')
      return reject('null-key', `key field ${field} is empty`);
  }
  const eventTime = event[validator.source.eventTime] as number;
  if (eventTime < validator.notBefore) {
    return reject(
      'timestamp-out-of-bounds',
      `far-past: ${formatInstant(eventTime)} is before ${validator.source.timestampBounds.notBefore}`,
    );
  }
  if (eventTime > now + validator.maxAheadMs) {
    return reject(
      'timestamp-out-of-bounds',
      `far-future: ${formatInstant(eventTime)} is more than ${validator.source.timestampBounds.maxAheadOfNow} ahead of ${formatInstant(now)}`,
    );
  }
  for (const [field, value] of Object.entries(event)) {
    if (typeof value === 'string' && value.length > limits.maxFieldChars) {
      return reject(
        'oversized-field',
        `field ${field} has ${value.length} characters, more than ${limits.maxFieldChars}`,
      );
    }
  }
  return { ok: true, event, eventTime };
}

export function validateRecord(
  record: InputRecord,
  validator: SourceValidator,
  catalog: SchemaCatalog,
  limits: ValidationLimits,
  now: number,
): Validated {
  const keyFields = validator.keyFields;
  let conformed;
  if (record.bytes !== undefined) {
    if (record.bytes.length > limits.maxRecordBytes) {
      return reject('oversized-record', `${record.bytes.length} bytes, more than ${limits.maxRecordBytes}`);
    }
    conformed = decodeConfluentAvro(record.bytes, record.topic, catalog, { keyFields });
  } else {
    const reader = catalog.topics.get(record.topic)?.reader;
    if (!reader) throw new Error(`no reader schema for topic ${record.topic}`);
    conformed = conformToSchema(reader.schema, record.value, { keyFields, mismatch: 'wrong-type' });
  }
  return conformed.ok ? checkEvent(conformed.event, validator, limits, now) : conformed;
}
