// What a simulation sends, in order: realistic meeting traffic with bounded disorder, a few late events and a
// few bad records, each tagged with what the job must do with it. Pure: no Kafka, so tests can check it.
import type { BadKind, BadWriterSchemas } from './bad';
import { BAD_KINDS, badRecord } from './bad';
import { disorder } from './disorder';
import { frame } from './framing';
import { simulateMeetings } from './meetings';
import type { MeetingPlan } from './meetings';
import { Random } from './random';
import { buildWorld } from './world';
import type { World } from './world';

export interface SimulationConfig {
  readonly seed: number;
  /** Event time of the simulated period (epoch millis): [start, end). */
  readonly start: number;
  readonly end: number;
  readonly organizations: number;
  readonly usersPerOrg: readonly [number, number];
  readonly meetingsPerMinute: number;
  readonly meetingMinutes: readonly [number, number];
  readonly participants: readonly [number, number];
  readonly maxDisorderMs: number;
  readonly lateProbability: number;
  readonly lateByMs: number;
  readonly badProbability: number;
  /** The processing clock for far-future bad records. */
  readonly now: number;
}

export type Expectation =
  | { readonly kind: 'valid' }
  | { readonly kind: 'late' }
  | { readonly kind: 'dead-letter'; readonly reason: BadKind };

export interface PlannedRecord {
  readonly topic: string;
  readonly key: string;
  readonly bytes: Buffer;
  readonly eventTime: number;
  readonly expect: Expectation;
}

export const DEFAULT_SIMULATION: Omit<SimulationConfig, 'start' | 'end' | 'now'> = {
  seed: 42,
  organizations: 12,
  usersPerOrg: [4, 40],
  meetingsPerMinute: 6,
  meetingMinutes: [3, 30],
  participants: [2, 10],
  maxDisorderMs: 2_000,
  lateProbability: 0.001,
  lateByMs: 5 * 60_000,
  badProbability: 0.001,
};

const LATE_MARGIN_MAX_MS = 10 * 60_000;

const VALID: Expectation = Object.freeze({ kind: 'valid' });
const LATE: Expectation = Object.freeze({ kind: 'late' });

export function simulationWorld(config: SimulationConfig): World {
  return buildWorld(new Random(config.seed).fork(1), config.organizations, config.usersPerOrg);
}

/** The records to send, in order; `onMeeting` hears of each meeting as it is scheduled (for meeting_history). */
export function* planSimulation(
  config: SimulationConfig,
  schemas: BadWriterSchemas,
  onMeeting?: (plan: MeetingPlan) => void,
): Generator<PlannedRecord> {
  const root = new Random(config.seed);
  const world = buildWorld(root.fork(1), config.organizations, config.usersPerOrg);
  const traffic = simulateMeetings(root.fork(2), world, config, onMeeting);
  // A late event at t is sent at t + lateByMs; the stream must go on well past that for the watermark to be past its
  // window: by another lateByMs, at most ten minutes (longer holds would leave little of the run to make late).
  const lateUntil = config.end - config.lateByMs - Math.min(config.lateByMs, LATE_MARGIN_MAX_MS);
  const sent = disorder(root.fork(3), traffic, { ...config, lateUntil });
  const corrupt = root.fork(4);
  for (const { event, late } of sent) {
    const eventTime = event.value.timestamp;
    if (!late && corrupt.chance(config.badProbability)) {
      const reason = corrupt.pick(BAD_KINDS);
      const { key, bytes } = badRecord(reason, event, schemas, corrupt, config.now);
      yield { topic: event.topic, key, bytes, eventTime, expect: { kind: 'dead-letter', reason } };
      continue;
    }
    const bytes = frame(schemas.topicSchemaId(event.topic), schemas.topicType(event.topic), event.value);
    yield {
      topic: event.topic,
      key: event.value.meeting_id,
      bytes,
      eventTime,
      expect: late ? LATE : VALID,
    };
  }
}
