// The event sequences of the differential tests, as Kafka records (Confluent-framed Avro bytes) in arrival order.
import fs from 'node:fs';
import path from 'node:path';
import type { Job } from '../../dsl';
import type { InputRecord } from '../../evaluator';
import { parseTimestamp, readJsonl } from '../../evaluator';
import { conformToSchema } from '../../evaluator/src/conform';
import type { SchemaCatalog } from '../../schemas/src/catalog';
import { defaultCatalog, parseAvsc, recordFields } from '../../schemas/src/catalog';
import type { AvroSchemaJson } from '../../schemas/src/catalog';
import { BAD_KINDS, badRecord } from '../../simulator/src/bad';
import { frame } from '../../simulator/src/framing';
import type { SimEvent } from '../../simulator/src/meetings';
import { DEFAULT_SIMULATION, planSimulation } from '../../simulator/src/plan';
import { Random } from '../../simulator/src/random';
import { offlineSchemas } from '../../simulator/src/schemas';
import allFeatures from '../jobs/all_features';
import cumulate from '../jobs/cumulate';
import having from '../jobs/having';
import compositeFirstLast from '../jobs/composite_first_last';
import keyedByOthers from '../jobs/keyed_by_others';
import nonFinite from '../jobs/non_finite';
import percentiles from '../jobs/percentiles';
import sessions from '../jobs/sessions';

/** Jobs the differential test runs besides jobs/ (JOBS): compiled by the test from their definition file. */
export const DIFFTEST_JOBS: readonly { readonly job: Job; readonly file: string }[] = [
  { job: keyedByOthers, file: 'difftest/jobs/keyed_by_others.ts' },
  { job: nonFinite, file: 'difftest/jobs/non_finite.ts' },
  { job: percentiles, file: 'difftest/jobs/percentiles.ts' },
  { job: having, file: 'difftest/jobs/having.ts' },
  { job: cumulate, file: 'difftest/jobs/cumulate.ts' },
  { job: sessions, file: 'difftest/jobs/sessions.ts' },
  { job: compositeFirstLast, file: 'difftest/jobs/composite_first_last.ts' },
  { job: allFeatures, file: 'difftest/jobs/all_features.ts' },
];

export interface DiffCase {
  readonly name: string;
  readonly records: readonly InputRecord[];
}

const ROOT = path.resolve(__dirname, '../..');
const { schemas, catalog: offline } = offlineSchemas(defaultCatalog());

/** A writer schema of chat_events whose message_length is a string: records written with it are incompatible. */
const INCOMPATIBLE_ID = 2_000;
const incompatibleWriter = (() => {
  const reader = defaultCatalog().topics.get('chat_events')!.reader.schema;
  const fields = recordFields(reader).map((f) =>
    f.name === 'message_length' ? { ...f, type: 'string', default: '' } : f,
  );
  return { ...(reader as object), fields } as AvroSchemaJson;
})();

/** Every schema id the cases use: the catalog's, the simulator's bad writers, and the incompatible writer. */
export const CATALOG: SchemaCatalog = {
  topics: offline.topics,
  byId: new Map([
    ...offline.byId,
    [
      INCOMPATIBLE_ID,
      {
        id: INCOMPATIBLE_ID,
        topic: 'chat_events',
        version: 0,
        file: 'incompatible',
        schema: incompatibleWriter,
        type: parseAvsc(incompatibleWriter),
      },
    ],
  ]),
};

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
let offsets = new Map<string, number>();

function next(topic: string): { partition: number; offset: number } {
  const offset = offsets.get(topic) ?? 0;
  offsets.set(topic, offset + 1);
  return { partition: 0, offset };
}

function renumber(records: readonly Omit<InputRecord, 'partition' | 'offset'>[]): InputRecord[] {
  offsets = new Map();
  return records.map((r) => ({ ...r, ...next(r.topic) }));
}

function fixtureTime(text: string): number {
  const parsed = parseTimestamp(text);
  if (!parsed.ok) throw new Error(`fixture timestamp ${parsed.problem}`);
  return parsed.millis;
}

/** A JSON event → the bytes a producer would send (reader schema id), or a bad writer's bytes for the fixture's bad events. */
function toBytes(record: InputRecord): InputRecord {
  const reader = CATALOG.topics.get(record.topic)!.reader;
  const conformed = conformToSchema(reader.schema, record.value, {
    keyFields: new Set(),
    mismatch: 'wrong-type',
  });
  if (conformed.ok)
    return { ...record, value: undefined, bytes: frame(reader.id, reader.type, conformed.event) };
  const event = {
    topic: record.topic,
    value: {
      ...(record.value as object),
      timestamp: fixtureTime((record.value as { timestamp: string }).timestamp),
    },
  } as unknown as SimEvent;
  if (conformed.reason !== 'bad-enum' && conformed.reason !== 'missing-field')
    throw new Error(`cannot encode a ${conformed.reason} JSON event`);
  return {
    ...record,
    value: undefined,
    bytes: badRecord(conformed.reason, event, schemas, new Random(1), Date.now()).bytes,
  };
}

type Kind =
  | 'join'
  | 'leave'
  | 'message'
  | 'reaction'
  | 'emoji'
  | 'video_start'
  | 'video_stop'
  | 'screen_share'
  | 'network_lag';

function event(
  kind: Kind,
  meeting: string,
  user: string,
  atMs: number,
  extra: Record<string, unknown> = {},
): Omit<InputRecord, 'partition' | 'offset'> {
  const base = {
    event_id: `d-${meeting}-${atMs}-${user}-${kind}`,
    meeting_id: meeting,
    user_id: user,
    org_id: 'org-d',
    timestamp: T0 + atMs,
    event_type: kind,
  };
  const [topic, value] =
    kind === 'join' || kind === 'leave'
      ? ['user_events', { ...base, client_platform: 'web' }]
      : kind === 'message' || kind === 'reaction' || kind === 'emoji'
        ? [
            'chat_events',
            { ...base, message_length: kind === 'message' ? 17 : 0, emoji: kind === 'message' ? null : ':)' },
          ]
        : [
            'meeting_events',
            {
              ...base,
              latency_ms: kind === 'network_lag' ? 90 + (atMs % 400) : null,
              packet_loss_pct: kind === 'network_lag' ? (atMs % 7) * 0.9 : null,
              jitter_ms: null,
            },
          ];
  const reader = CATALOG.topics.get(topic)!.reader;
  return { topic, bytes: frame(reader.id, reader.type, { ...value, ...extra }) };
}

function fixture(): InputRecord[] {
  const file = path.join(ROOT, 'schemas/fixtures/meeting-basic.jsonl');
  return readJsonl(fs.readFileSync(file, 'utf8'), file).map(toBytes);
}

/** A seeded simulator run ending at T0, as numbered Kafka records (late and bad records included). */
export function simulatedRecords(seed: number, minutes: number, meetingsPerMinute: number): InputRecord[] {
  const start = T0 - minutes * 60_000;
  const planned = planSimulation(
    {
      ...DEFAULT_SIMULATION,
      seed,
      start,
      end: T0,
      now: Date.now(),
      meetingsPerMinute,
      lateProbability: 0.004,
      badProbability: 0.003,
      lateByMs: 3 * 60_000,
    },
    schemas,
  );
  return renumber([...planned].map((p) => ({ topic: p.topic, bytes: p.bytes })));
}

/**
 * Latencies with a long tail (a lognormal body over four decades, a Pareto tail up to 10^7), some null, zero, below
 * 1e-9 or negative, for three meetings over eight minutes: approxPercentile's sketches across many buckets, merged
 * from panes in sliding windows, and exact percentiles beside them. Then a burst of 3,000 reports over nine decades
 * in one minute: at relativeError 0.001 a window's values (and a sliding window's merged panes) need more than the
 * 2048 buckets a sketch keeps, so its lowest buckets fold.
 */
function longTailedLatencies(seed: number): InputRecord[] {
  const random = new Random(seed);
  const reports: { readonly at: number; readonly meeting: string; readonly latency: number | null }[] = [];
  for (let at = 500; at < 8 * 60_000; at += Math.round(random.between(20, 300))) {
    const latency = random.chance(0.05)
      ? null
      : random.chance(0.02)
        ? random.chance(0.5)
          ? 0
          : 1e-12
        : random.chance(0.02)
          ? -random.between(1, 50)
          : random.chance(0.15)
            ? 20 / Math.pow(1 - random.next() * 0.999999, 1 / 1.1)
            : Math.exp(random.normal(3.5, 1.6));
    reports.push({ at, meeting: `m${random.int(0, 2)}`, latency });
  }
  for (let i = 0; i < 3_000; i++)
    reports.push({ at: 2 * 60_000 + i * 20, meeting: 'm-burst', latency: Math.exp(random.between(-5, 15)) });
  reports.sort((a, b) => a.at - b.at);
  return renumber(
    reports.map(({ at, meeting, latency }, i) =>
      event('network_lag', meeting, `u${i % 7}`, at, { latency_ms: latency, packet_loss_pct: null }),
    ),
  );
}

/**
 * Sessions of difftest/jobs/sessions.ts (1-minute gap; 5 s out-of-orderness, so the watermark is 5.001 s behind the
 * newest event), one meeting per situation: m-bridge two sessions an out-of-order event bridges; m-ooo the same
 * within the watermark bound; m-touch windows that only touch (they merge) and an event whose own window the
 * watermark has passed but that merges into an open session (not late); m-late an event after its session fired
 * (late) and one behind the watermark whose own window is not (a new session); m-long 10 minutes of reports every
 * 20 s, one session uncut and two cut at 5 minutes.
 */
function sessionRecords(): InputRecord[] {
  const s = 1_000;
  return renumber([
    event('network_lag', 'm-bridge', 'u1', 0),
    event('video_start', 'm-ooo', 'u1', 1 * s),
    event('network_lag', 'm-bridge', 'u2', 62 * s),
    event('network_lag', 'm-bridge', 'u1', 30 * s),
    event('network_lag', 'm-ooo', 'u2', 63 * s),
    event('network_lag', 'm-ooo', 'u1', 60_500),
    event('network_lag', 'm-touch', 'u1', 120 * s),
    event('video_start', 'm-touch', 'u2', 180 * s),
    event('network_lag', 'm-late', 'u1', 200 * s),
    event('video_stop', 'm-touch', 'u2', 270 * s),
    event('network_lag', 'm-late', 'u2', 205 * s),
    event('network_lag', 'm-late', 'u3', 262 * s),
    event('network_lag', 'm-late', 'u1', 300 * s),
    event('network_lag', 'm-touch', 'u1', 230 * s),
    ...Array.from({ length: 31 }, (_, i) => event('network_lag', 'm-long', `u${i % 3}`, (400 + 20 * i) * s)),
  ]);
}

export function differentialCases(): DiffCase[] {
  const shuffleWithinBound = (records: InputRecord[], seed: number) => {
    const random = new Random(seed);
    // Fixture times are seconds apart; a jitter below the 5 s bound keeps every event on time.
    return records
      .map((r, i) => ({ r, key: i * 1_000 + random.int(0, 3_999) }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.r);
  };
  const badKinds = BAD_KINDS.map((kind, i) => {
    const e = {
      topic: 'chat_events',
      value: {
        event_id: `bad-${i}`,
        event_type: 'message',
        meeting_id: 'm-bad',
        user_id: 'u1',
        org_id: 'o',
        timestamp: T0 + i,
        message_length: 3,
        emoji: null,
      },
    } as SimEvent;
    return { topic: 'chat_events', bytes: badRecord(kind, e, schemas, new Random(i), Date.now()).bytes };
  });
  return [
    { name: 'fixture', records: fixture() },
    { name: 'fixture-shuffled-within-bound', records: shuffleWithinBound(fixture(), 7) },
    {
      name: 'window-boundaries',
      records: renumber([
        event('join', 'm1', 'u1', 0),
        event('message', 'm1', 'u1', 29_999),
        event('message', 'm1', 'u2', 30_000),
        event('message', 'm1', 'u1', 59_999),
        event('video_start', 'm1', 'u2', 60_000),
        event('network_lag', 'm1', 'u1', 14_999),
        event('network_lag', 'm1', 'u1', 15_000),
      ]),
    },
    {
      name: 'late-events',
      records: renumber([
        event('join', 'm1', 'u1', 1_000),
        event('message', 'm1', 'u1', 2_000),
        event('network_lag', 'm1', 'u1', 3_000),
        event('message', 'm1', 'u1', 70_000),
        event('join', 'm1', 'u2', 71_000),
        event('video_start', 'm1', 'u2', 72_000),
        event('message', 'm1', 'u1', 10_000),
        event('leave', 'm1', 'u1', 50_000),
        event('emoji', 'm2', 'u3', 5_000),
        event('message', 'm1', 'u1', 200_000),
      ]),
    },
    {
      name: 'sliding-overlaps',
      records: renumber(
        Array.from({ length: 40 }, (_, i) =>
          event(
            (['message', 'reaction', 'video_start', 'screen_share', 'network_lag'] as Kind[])[i % 5]!,
            `m${i % 3}`,
            `u${i % 4}`,
            i * 3_700,
          ),
        ),
      ),
    },
    {
      // Cumulating steps of 15 s in a 1 min window: an event whose step has fired is late while its max window is
      // still open; another arrives out of order into an open step; then a max window fires whole and the next opens.
      name: 'cumulate-steps',
      records: renumber([
        event('join', 'm1', 'u1', 1_000),
        event('message', 'm1', 'u1', 2_000),
        event('network_lag', 'm1', 'u1', 3_000),
        event('message', 'm1', 'u2', 17_000),
        event('video_start', 'm1', 'u2', 18_000),
        event('join', 'm1', 'u2', 19_000),
        event('message', 'm1', 'u1', 21_000),
        event('network_lag', 'm1', 'u1', 22_000),
        event('join', 'm1', 'u3', 23_000), // watermark 15 999: the step [0, 15 s) fires
        event('message', 'm1', 'u1', 12_000), // late: its step fired, [0, 30 s) … [0, 60 s) are open
        event('message', 'm1', 'u2', 16_000), // out of order into the open step [15 s, 30 s)
        event('emoji', 'm2', 'u4', 40_000),
        event('leave', 'm1', 'u2', 44_000),
        event('join', 'm1', 'u1', 70_000),
        event('video_start', 'm1', 'u1', 71_000),
        event('message', 'm1', 'u1', 75_000), // watermark 64 999: every step of [0, 60 s) has fired
        event('network_lag', 'm1', 'u1', 58_000), // late
        event('network_lag', 'm1', 'u1', 62_000), // the step [60 s, 75 s) is open
        event('message', 'm1', 'u3', 95_000),
        event('message', 'm1', 'u3', 100_000),
      ]),
    },
    {
      name: 'presence-across-windows',
      records: renumber([
        event('join', 'm1', 'u1', 1_000),
        event('join', 'm1', 'u2', 2_000),
        event('message', 'm1', 'u1', 40_000),
        event('leave', 'm1', 'u2', 65_000),
        event('join', 'm1', 'u3', 66_000),
        event('leave', 'm1', 'u1', 66_000),
        event('join', 'm1', 'u1', 66_000),
        event('message', 'm1', 'u3', 130_000),
        event('message', 'm1', 'u3', 4 * 3_600_000 + 10_000),
      ]),
    },
    {
      name: 'every-bad-input-kind',
      records: renumber([
        event('message', 'm1', 'u1', 1_000),
        ...badKinds,
        { topic: 'chat_events', bytes: Buffer.alloc(1_100_000, 1) },
        {
          topic: 'chat_events',
          bytes: frame(INCOMPATIBLE_ID, parseAvsc(incompatibleWriter), {
            event_id: 'x',
            event_type: 'message',
            meeting_id: 'm1',
            user_id: 'u1',
            org_id: 'o',
            timestamp: T0 + 2_000,
            message_length: 'long',
            emoji: null,
          }),
        },
        event('message', 'm1', 'u1', 3_000),
      ]),
    },
    {
      // Beyond a JavaScript Date (±8.64e15 ms) and 2^53, down to Long.MIN_VALUE: both dead-letter, neither crashes.
      name: 'timestamps-beyond-a-date',
      records: renumber([
        event('message', 'm1', 'u1', 1_000),
        ...[8.64e15 + 1, 9e15, 2 ** 62, -9e15, -(2 ** 62), -(2 ** 63)].map((timestamp) =>
          event('message', 'm1', 'u1', 2_000, { timestamp }),
        ),
        event('join', 'm1', 'u2', 2_500, { timestamp: 2 ** 60 }),
        event('message', 'm1', 'u1', 3_000),
      ]),
    },
    {
      // Composite keys whose parts hold the separator and quotes ('a,b' + 'c' is not 'a' + 'b,c'), equal event times
      // (first keeps the earlier arrival, last takes the later), an earlier event arriving later within the bound,
      // null values first/last skip, a sliding pane boundary, and a late event.
      name: 'composite-keys-and-ties',
      records: renumber([
        event('join', 'c', 'u1', 1_000, { org_id: 'a,b' }),
        event('join', 'b,c', 'u2', 1_000, { org_id: 'a' }),
        event('join', 'm"1', 'u\\3', 1_000, { org_id: 'o\n"x' }),
        event('network_lag', 'c', 'u1', 2_000, { org_id: 'a,b', latency_ms: 10 }),
        event('network_lag', 'c', 'u1', 2_000, { org_id: 'a,b', latency_ms: 20 }),
        event('network_lag', 'c', 'u1', 2_000, { org_id: 'a,b', latency_ms: null }),
        event('network_lag', 'c', 'u1', 1_500, { org_id: 'a,b', latency_ms: 5 }),
        event('network_lag', 'b,c', 'u2', 14_999, { org_id: 'a', latency_ms: 7 }),
        event('network_lag', 'b,c', 'u2', 15_000, { org_id: 'a', latency_ms: 8 }),
        event('network_lag', 'b,c', 'u2', 15_000, { org_id: 'a', latency_ms: 9 }),
        event('network_lag', 'b,c', 'u2', 14_999, { org_id: 'a', latency_ms: 6 }),
        event('emoji', 'c', 'u1', 16_000, { org_id: 'a,b' }),
        event('message', 'c', 'u1', 16_000, { org_id: 'a,b' }),
        event('reaction', 'c', 'u1', 16_000, { org_id: 'a,b', emoji: ':(' }),
        event('leave', 'c', 'u1', 29_999, { org_id: 'a,b' }),
        event('join', 'c', 'u1', 29_999, { org_id: 'a,b' }),
        event('network_lag', 'm"1', 'u\\3', 31_000, { org_id: 'o\n"x', latency_ms: 1 }),
        event('message', 'c', 'u1', 100_000, { org_id: 'a,b' }),
        event('network_lag', 'c', 'u1', 3_000, { org_id: 'a,b', latency_ms: 99 }),
        event('message', 'c', 'u1', 101_000, { org_id: 'a,b' }),
      ]),
    },
    { name: 'long-tailed-latencies', records: longTailedLatencies(11) },
    { name: 'sessions', records: sessionRecords() },
    { name: 'seeded-random-1', records: simulatedRecords(1, 6, 8) },
    { name: 'seeded-random-2', records: simulatedRecords(2, 6, 8) },
    { name: 'seeded-random-3', records: simulatedRecords(3, 10, 4) },
  ];
}
