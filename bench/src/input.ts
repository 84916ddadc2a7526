// The pre-generated input of the throughput benchmark: the simulator's meeting traffic (seeded, bounded disorder),
// Confluent-framed Avro exactly as the producer sends it, in send order, with the partition Kafka's default
// partitioner gives each key. No late and no bad records: Flink SQL's window TVFs drop late rows silently and have
// no dead-letter path, and a periodic watermark makes lateness depend on timing, so with them the three outputs
// could not be diffed equal (the differential tests cover late and bad records). Disorder stays within 2 s, below
// the jobs' 5 s bound, so no event is late under any of the three watermark strategies.
//
// File format (read by bench/src/main/java/.../BenchInput.java): "CSB1", u32 topic count, per topic u16 length +
// UTF-8 name, u32 record count, per record u8 topic index, u8 partition, u16 key length, key, u16 value length,
// value.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Partitioners } from 'kafkajs';
import { defaultCatalog } from '../../schemas/src/catalog';
import type { MeetingPlan } from '../../simulator/src/meetings';
import type { SimulationConfig } from '../../simulator/src/plan';
import { DEFAULT_SIMULATION, planSimulation } from '../../simulator/src/plan';
import { offlineSchemas } from '../../simulator/src/schemas';
import { ROOT, TMP } from './paths';

export const TOPICS = ['user_events', 'chat_events', 'meeting_events'] as const;
export const PARTITIONS = 3;

/** 60 meetings a minute (≈ 1,000 running at once) for up to 4 h of event time; the first `events` records. */
export function benchSimulation(): SimulationConfig {
  const start = Date.UTC(2026, 0, 5, 8, 0, 0);
  return {
    ...DEFAULT_SIMULATION,
    seed: 6,
    start,
    end: start + 4 * 3600_000,
    now: start + 5 * 3600_000,
    meetingsPerMinute: 60,
    maxDisorderMs: 2_000,
    lateProbability: 0,
    badProbability: 0,
  };
}

export interface InputInfo {
  readonly file: string;
  readonly events: number;
  readonly bytes: number;
  readonly meanValueBytes: number;
  readonly firstEventTime: number;
  readonly lastEventTime: number;
  readonly meetings: number;
  readonly generatedMs: number | null;
  readonly simulation: SimulationConfig;
}

/** Simulator files that do not shape the planned records (I/O only). */
const IO_ONLY = new Set(['produce.ts', 'ledger.ts', 'registry.ts']);

/** A digest of the simulator's planning sources, so that a changed simulator regenerates the cached input. */
function simulatorDigest(): string {
  const hash = createHash('sha256');
  const dir = path.join(ROOT, 'simulator/src');
  for (const name of fs.readdirSync(dir).sort())
    if (!IO_ONLY.has(name)) hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  hash.update(JSON.stringify(benchSimulation()));
  return hash.digest('hex').slice(0, 12);
}

/** Writes the input file unless an identical one (same size, seed and simulator sources) exists. */
export function ensureInput(events: number, log: (line: string) => void): InputInfo {
  fs.mkdirSync(TMP, { recursive: true });
  const digest = simulatorDigest();
  const file = path.join(TMP, `input-${events}-${digest}.bin`);
  // The same simulation cut longer is a superset: its first `events` records are this input (read with a limit).
  const cachedSizes = fs
    .readdirSync(TMP)
    .map((name) => name.match(new RegExp(`^input-(\\d+)-${digest}\\.bin$`)))
    .flatMap((m) => (m ? [Number(m[1])] : []))
    .filter((n) => n >= events && fs.existsSync(path.join(TMP, `input-${n}-${digest}.bin.json`)))
    .sort((a, b) => a - b);
  if (cachedSizes.length > 0) {
    const cachedFile = path.join(TMP, `input-${cachedSizes[0]}-${digest}.bin`);
    const cached = JSON.parse(fs.readFileSync(`${cachedFile}.json`, 'utf8')) as InputInfo;
    log(`input: the first ${events} of ${cached.events} events cached in ${path.relative(ROOT, cachedFile)}`);
    return { ...cached, file: cachedFile, events, generatedMs: null };
  }
  const info = writeInput(file, benchSimulation(), events, log);
  if (info.events < events) throw new Error(`the simulation made only ${info.events} of ${events} events`);
  return info;
}

/**
 * Writes the first `maxEvents` records of a simulation (all of them when it makes fewer) to `file`, with the
 * `.json` info beside it; `onMeeting` hears of every meeting scheduled on the way (for meeting_history).
 */
export function writeInput(
  file: string,
  simulation: SimulationConfig,
  maxEvents: number,
  log: (line: string) => void,
  onMeeting?: (plan: MeetingPlan) => void,
): InputInfo {
  const started = Date.now();
  const { schemas } = offlineSchemas(defaultCatalog());
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w');
  const header: Buffer[] = [Buffer.from('CSB1', 'ascii'), u32(TOPICS.length)];
  for (const topic of TOPICS) {
    const name = Buffer.from(topic, 'utf8');
    header.push(u16(name.length), name);
  }
  const countOffset = header.reduce((n, b) => n + b.length, 0);
  header.push(u32(0)); // the record count, written when known
  fs.writeSync(fd, Buffer.concat(header));
  let chunks: Buffer[] = [];
  let chunkBytes = 0;
  let count = 0;
  let bytes = 0;
  let valueBytes = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const meetings = new Set<string>();
  for (const record of planSimulation(simulation, schemas, onMeeting)) {
    if (count >= maxEvents) break;
    if (record.expect.kind !== 'valid') throw new Error(`bench input must hold only valid records`);
    const topic = TOPICS.indexOf(record.topic as (typeof TOPICS)[number]);
    const key = Buffer.from(record.key, 'utf8');
    const partition = partitioner({
      topic: record.topic,
      partitionMetadata,
      message: { key: record.key, value: record.bytes },
    });
    const head = Buffer.alloc(4 + key.length);
    head.writeUInt8(topic, 0);
    head.writeUInt8(partition, 1);
    head.writeUInt16BE(key.length, 2);
    key.copy(head, 4);
    chunks.push(head, u16(record.bytes.length), record.bytes);
    chunkBytes += head.length + 2 + record.bytes.length;
    bytes += key.length + record.bytes.length;
    valueBytes += record.bytes.length;
    first = Math.min(first, record.eventTime);
    last = Math.max(last, record.eventTime);
    meetings.add(record.key);
    count++;
    if (chunkBytes >= 4 << 20) {
      fs.writeSync(fd, Buffer.concat(chunks));
      chunks = [];
      chunkBytes = 0;
    }
    if (count % 1_000_000 === 0) log(`input: ${count} events generated (${Date.now() - started} ms)`);
  }
  fs.writeSync(fd, Buffer.concat(chunks));
  fs.writeSync(fd, u32(count), 0, 4, countOffset);
  fs.closeSync(fd);
  fs.renameSync(partial, file);
  const info: InputInfo = {
    file,
    events: count,
    bytes,
    meanValueBytes: valueBytes / count,
    firstEventTime: first,
    lastEventTime: last,
    meetings: meetings.size,
    generatedMs: Date.now() - started,
    simulation,
  };
  fs.writeFileSync(`${file}.json`, JSON.stringify(info, null, 2));
  log(`input: ${count} events, ${(bytes / 1e6).toFixed(0)} MB, written in ${info.generatedMs} ms`);
  return info;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

function u16(n: number): Buffer {
  if (n > 0xffff) throw new Error(`length ${n} does not fit the bench input format`);
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}
