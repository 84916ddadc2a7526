import type { SchemaCatalog, SchemaVersion } from '../../schemas/src/catalog';
import { loadCatalog, parseAvsc } from '../../schemas/src/catalog';
import type { AvroSchemaJson } from '../../schemas/src/catalog';
import type { InputRecord } from '..';
import { DEAD_LETTER_REASONS, evaluate } from '..';
import { chat, NOW, T0, testJob, user } from './helpers';

const catalog = loadCatalog();
const chatReader = catalog.topics.get('chat_events')!.reader;
const userV1 = catalog.topics.get('user_events')!.versions[0]!;

/** A catalog with extra writer schemas (ids 100+) that a producer might have registered. */
function withWriters(...schemas: AvroSchemaJson[]): SchemaCatalog {
  const byId = new Map(catalog.byId);
  schemas.forEach((schema, i) => {
    const version: SchemaVersion = {
      id: 100 + i,
      topic: 'chat_events',
      version: 10 + i,
      file: 'test',
      schema,
      type: parseAvsc(schema),
    };
    byId.set(version.id, version);
  });
  return { topics: catalog.topics, byId };
}

function framed(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

function chatValue(extra: Record<string, unknown> = {}) {
  return { ...(chat('message', 'm1', 'u1', 1_000).value as object), timestamp: T0 + 1_000, ...extra };
}

const bytesRecord = (bytes: Uint8Array, topic = 'chat_events'): InputRecord => ({
  topic,
  partition: 3,
  offset: 42,
  bytes,
});
const jsonRecord = (value: unknown, topic = 'chat_events'): InputRecord => ({
  topic,
  partition: 0,
  offset: 7,
  value,
});

function chatSchemaWith(
  change: (fields: Record<string, unknown>[]) => Record<string, unknown>[],
): AvroSchemaJson {
  const schema = chatReader.schema as { fields: Record<string, unknown>[] };
  return { ...schema, fields: change(schema.fields.map((f) => ({ ...f }))) } as AvroSchemaJson;
}

const extraSymbol = chatSchemaWith((fields) =>
  fields.map((f) =>
    f.name === 'event_type'
      ? {
          ...f,
          type: { type: 'enum', name: 'ChatEventType', symbols: ['message', 'reaction', 'emoji', 'shout'] },
        }
      : f,
  ),
);
const noUserId = chatSchemaWith((fields) => fields.filter((f) => f.name !== 'user_id'));
const lengthAsString = chatSchemaWith((fields) =>
  fields.map((f) => (f.name === 'message_length' ? { ...f, type: 'string', default: '' } : f)),
);
const extendedCatalog = withWriters(extraSymbol, noUserId, lengthAsString);

const goodBody = chatReader.type.toBuffer(chatValue());
const chatReaderId = chatReader.id;

const cases: [string, InputRecord, string][] = [
  [
    'oversized-record',
    bytesRecord(framed(chatReaderId, Buffer.concat([goodBody, Buffer.alloc(2_000)]))),
    '2',
  ],
  ['not-confluent-framed', bytesRecord(Buffer.from([0, 1, 2])), 'only 3 bytes'],
  [
    'not-confluent-framed',
    bytesRecord(Buffer.concat([Buffer.from([1]), framed(chatReaderId, goodBody).subarray(1)])),
    'magic byte 1',
  ],
  ['unknown-schema-id', bytesRecord(framed(999, goodBody)), 'schema id 999'],
  [
    'malformed-avro',
    bytesRecord(framed(chatReaderId, goodBody.subarray(0, goodBody.length - 3))),
    'truncated',
  ],
  [
    'malformed-avro',
    bytesRecord(framed(chatReaderId, Buffer.concat([goodBody, Buffer.from([7])]))),
    'trailing',
  ],
  // the emoji union ["null","string"] is last in the record: its index 1 → 0x02 in zig-zag; 0x0a = index 5
  [
    'malformed-avro',
    bytesRecord(
      framed(chatReaderId, Buffer.concat([goodBody.subarray(0, goodBody.length - 1), Buffer.from([0x0a])])),
    ),
    'index',
  ],
  [
    'incompatible-schema',
    bytesRecord(framed(102, parseAvsc(lengthAsString).toBuffer(chatValue({ message_length: 'long' })))),
    'message_length',
  ],
  ['missing-field', bytesRecord(framed(101, parseAvsc(noUserId).toBuffer(chatValue()))), 'user_id'],
  ['missing-field', jsonRecord({ ...chatValue(), user_id: undefined }), 'user_id'],
  [
    'bad-enum',
    bytesRecord(framed(100, parseAvsc(extraSymbol).toBuffer(chatValue({ event_type: 'shout' })))),
    'shout',
  ],
  ['bad-enum', jsonRecord(chatValue({ event_type: 'shout' })), 'shout'],
  ['wrong-type', jsonRecord(chatValue({ timestamp: true })), 'timestamp'],
  ['wrong-type', jsonRecord(chatValue({ message_length: 1.5 })), 'message_length'],
  ['null-key', jsonRecord(chatValue({ meeting_id: null })), 'meeting_id'],
  [
    'null-key',
    bytesRecord(framed(chatReaderId, chatReader.type.toBuffer(chatValue({ meeting_id: '  ' })))),
    'meeting_id',
  ],
  ['timestamp-out-of-bounds', jsonRecord(chatValue({ timestamp: 0 })), 'far-past'],
  ['timestamp-out-of-bounds', jsonRecord(chatValue({ timestamp: NOW + 2 * 3_600_000 })), 'far-future'],
  ['oversized-field', jsonRecord(chatValue({ emoji: 'x'.repeat(5_000) })), 'emoji'],
  // Beyond a JavaScript Date's ±8.64e15 ms, and beyond 2^53: Java reads every 64-bit long and dead-letters it.
  ...[9e15, 2 ** 62, -9e15, -(2 ** 62)].flatMap((timestamp): [string, InputRecord, string][] => {
    const bound = timestamp > 0 ? 'far-future' : 'far-past';
    return [
      ['timestamp-out-of-bounds', jsonRecord(chatValue({ timestamp })), `${bound}: ${timestamp} ms`],
      [
        'timestamp-out-of-bounds',
        bytesRecord(framed(chatReaderId, chatReader.type.toBuffer(chatValue({ timestamp })))),
        `${bound}: ${timestamp} ms`,
      ],
    ];
  }),
  ['wrong-type', jsonRecord(chatValue({ timestamp: 1e300 })), 'epoch millis'],
  ['wrong-type', jsonRecord(chatValue({ timestamp: '2026-11-25T10:00:01' })), 'no time zone'],
  ['wrong-type', jsonRecord(chatValue({ timestamp: '2026-02-30T10:00:00Z' })), 'day 30'],
  ['wrong-type', jsonRecord(chatValue({ timestamp: 'Nov 25 2026 10:00 GMT' })), 'not a timestamp'],
];

describe('dead letters', () => {
  const job = testJob({ measures: (m) => ({ n: m.count() }) });
  const limits = { maxRecordBytes: 1_000, maxFieldChars: 4_096 };

  it.each(cases)('%s: %#', (reason, record, detail) => {
    const result = evaluate(job, [record], { now: NOW, catalog: extendedCatalog, limits });
    expect(result.deadLetters).toHaveLength(1);
    expect(result.deadLetters[0]).toMatchObject({ reason, record });
    expect(result.deadLetters[0]!.detail).toContain(detail);
    expect(result.rows).toHaveLength(0);
    expect(result.counts.deadLetters).toEqual({ [reason]: 1 });
  });

  it('covers every reason code', () => {
    expect(new Set(cases.map(([reason]) => reason))).toEqual(new Set(DEAD_LETTER_REASONS));
  });

  it('accepts the same event as JSON and as framed bytes', () => {
    const result = evaluate(job, [jsonRecord(chatValue()), bytesRecord(framed(chatReaderId, goodBody))], {
      now: NOW,
      limits,
    });
    expect(result.deadLetters).toEqual([]);
    expect(result.rows[0]?.row.n).toBe(2);
  });

  it('reads an old writer version with the reader default (user_events v1 → v2)', () => {
    const v1Body = userV1.type.toBuffer({ ...(user('join', 'm1', 'u1', 1_000).value as object) });
    const result = evaluate(
      testJob({
        measures: (m) => ({
          platforms: m.countDistinct((e) => ('client_platform' in e ? e.client_platform : null)),
        }),
      }),
      [bytesRecord(framed(userV1.id, v1Body), 'user_events')],
      { now: NOW },
    );
    expect(result.deadLetters).toEqual([]);
    expect(result.rows[0]?.row.platforms).toBe(1);
  });

  it('does not let a dead letter move the watermark', () => {
    const result = evaluate(
      job,
      [
        chat('message', 'm1', 'u1', 1_000),
        jsonRecord(chatValue({ timestamp: T0 + 40_000, event_type: 'shout' })),
        chat('message', 'm1', 'u1', 2_000),
      ],
      { now: NOW },
    );
    expect(result.counts.late).toEqual({ test_metric: 0 });
    expect(result.rows[0]?.row.n).toBe(2);
  });
});
