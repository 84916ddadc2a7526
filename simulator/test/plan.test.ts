// The simulator's promises, checked with the reference evaluator: what it marks late is late in both jobs,
// nothing it marks valid is late, every bad record is dead-lettered with the reason it was made for, and a
// seed reproduces a run byte for byte.
import { defaultCatalog } from '../../schemas/src/catalog';
import { evaluate } from '../../evaluator';
import type { InputRecord } from '../../evaluator';
import meetingMetrics30s from '../../jobs/meeting_metrics_30s';
import meetingTrends60s from '../../jobs/meeting_trends_60s';
import type { PlannedRecord, SimulationConfig } from '../src/plan';
import { DEFAULT_SIMULATION, planSimulation } from '../src/plan';
import { offlineSchemas } from '../src/schemas';

const START = Date.UTC(2026, 10, 25, 9, 0, 0);
const config: SimulationConfig = {
  ...DEFAULT_SIMULATION,
  start: START,
  end: START + 25 * 60_000,
  meetingsPerMinute: 4,
  now: START + 2 * 3_600_000,
  lateProbability: 0.003,
  badProbability: 0.004,
};
const { schemas, catalog } = offlineSchemas(defaultCatalog());

function asInput(records: PlannedRecord[]): InputRecord[] {
  const offsets = new Map<string, number>();
  return records.map((r) => {
    const offset = offsets.get(r.topic) ?? 0;
    offsets.set(r.topic, offset + 1);
    return { topic: r.topic, partition: 0, offset, bytes: r.bytes };
  });
}

describe('simulation plan', () => {
  const planned = [...planSimulation(config, schemas)];
  const input = asInput(planned);

  it('produces realistic volume across all three topics', () => {
    expect(planned.length).toBeGreaterThan(5_000);
    const topics = new Set(planned.map((r) => r.topic));
    expect(topics).toEqual(new Set(['user_events', 'chat_events', 'meeting_events']));
  });

  it('keeps disorder within the bound for everything but the late events', () => {
    let newest = Number.NEGATIVE_INFINITY;
    let worst = 0;
    for (const record of planned.filter((r) => r.expect.kind !== 'late')) {
      worst = Math.max(worst, newest - record.eventTime);
      newest = Math.max(newest, record.eventTime);
    }
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(config.maxDisorderMs);
  });

  it.each([meetingMetrics30s, meetingTrends60s])(
    'agrees with the reference evaluator on late and bad records ($id)',
    (job) => {
      const result = evaluate(job, input, { now: config.now, catalog });
      const bad = planned.flatMap((r, i) =>
        r.expect.kind === 'dead-letter' ? [[r.expect.reason, input[i]]] : [],
      );
      expect(bad.length).toBeGreaterThan(5);
      expect(result.deadLetters.map((d) => [d.reason, d.record])).toEqual(bad);
      const late = planned.filter((r) => r.expect.kind === 'late').length;
      expect(late).toBeGreaterThan(3);
      expect(result.counts.late[job.id]).toBe(late);
      expect(result.late.every((l) => planned[input.indexOf(l.record)]?.expect.kind === 'late')).toBe(true);
    },
  );

  it('reproduces a run from its seed, and differs with another seed', () => {
    const short = { ...config, end: START + 10 * 60_000 };
    const bytesOf = (c: SimulationConfig) =>
      Buffer.concat([...planSimulation(c, schemas)].map((r) => r.bytes));
    const first = bytesOf(short);
    expect(bytesOf(short).equals(first)).toBe(true);
    expect(bytesOf({ ...short, seed: 7 }).equals(first)).toBe(false);
  });
});
