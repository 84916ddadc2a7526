// planTail: the records sent before a run's late records wake every partition of every source topic, one each, valid,
// after the run's end (each its partition's newest event), in event-time order and within 20 s of each other.
import { defaultCatalog } from '../../schemas/src/catalog';
import { DEFAULT_SIMULATION } from '../../simulator/src/plan';
import { keyPartitioner } from '../../simulator/src/produce';
import { offlineSchemas } from '../../simulator/src/schemas';
import { planTail } from '../src/watermarks';

const TOPICS = ['user_events', 'chat_events', 'meeting_events'];
const END = Date.UTC(2026, 11, 4, 18, 0, 0);

test.each([14, 600, 700, 701])(
  'the tail of seed %i wakes all 18 partitions, in order, within 20 s',
  (seed) => {
    const tail = planTail(
      { ...DEFAULT_SIMULATION, seed, meetingsPerMinute: 4 },
      END,
      TOPICS,
      6,
      offlineSchemas(defaultCatalog()).schemas,
    );
    expect(tail).toHaveLength(18);
    const partitionOf = keyPartitioner(6);
    expect(new Set(tail.map((r) => `${r.topic}/${partitionOf(r.key)}`)).size).toBe(18);
    expect(tail.every((r) => r.expect.kind === 'valid')).toBe(true);
    const times = tail.map((r) => r.eventTime);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(END - DEFAULT_SIMULATION.maxDisorderMs);
    expect(times.at(-1)! - times[0]!).toBeLessThanOrEqual(20_000);
  },
);
