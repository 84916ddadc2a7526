// A seeded stretch of simulated meetings as a JSON-lines file for the no-stack mode, with the lake.history rows
// of its organisations and meetings: what the browser tests, the benchmark and a quick look at the pages use.
import fs from 'node:fs';
import type { MeetingPlan } from '../../simulator/src/meetings';
import { simulateMeetings } from '../../simulator/src/meetings';
import { Random } from '../../simulator/src/random';
import { buildWorld } from '../../simulator/src/world';
import { HISTORY_TOPICS } from './events-mode';

export interface SimulatedEventsOptions {
  readonly seed: number;
  /** Event time of the first meeting start (epoch millis). */
  readonly start: number;
  readonly minutes: number;
  readonly meetingsPerMinute: number;
  readonly organizations: number;
}

/** Writes the file; returns the number of event lines. */
export function writeSimulatedEvents(file: string, options: SimulatedEventsOptions): number {
  const random = new Random(options.seed);
  const world = buildWorld(random.fork(1), options.organizations, [4, 20]);
  const meetings: MeetingPlan[] = [];
  const lines: string[] = [];
  const events = simulateMeetings(
    random.fork(2),
    world,
    {
      start: options.start,
      end: options.start + options.minutes * 60_000,
      meetingsPerMinute: options.meetingsPerMinute,
      meetingMinutes: [3, 30],
      participants: [2, 10],
    },
    (plan) => meetings.push(plan),
  );
  for (const event of events) lines.push(JSON.stringify(event));
  const history = [
    ...world.organizations.map((o) => ({
      topic: HISTORY_TOPICS.plans,
      value: { org_id: o.org_id, name: o.name, plan_tier: o.plan_tier },
    })),
    ...meetings.map((m) => ({
      topic: HISTORY_TOPICS.meetings,
      value: { meeting_id: m.meeting_id, org_id: m.org_id },
    })),
  ];
  fs.writeFileSync(file, [...history.map((h) => JSON.stringify(h)), ...lines].join('\n') + '\n');
  return lines.length;
}
