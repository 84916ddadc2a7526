// planTail: the minute of on-time traffic sent before a run's late records reaches every partition of every source
// topic, with valid records only, all after the run's end (so that each reaches its partition as its newest event).
import { defaultCatalog } from '../../schemas/src/catalog';
import { DEFAULT_SIMULATION } from '../../simulator/src/plan';
import { partitionOfKey } from '../../simulator/src/produce';
import { offlineSchemas } from '../../simulator/src/schemas';
import { planTail } from '../src/watermarks';

const TOPICS = ['user_events', 'chat_events', 'meeting_events'];
const END = Date.UTC(2026, 11, 4, 18, 0, 0);

test.each([14, 600, 601])(
  'the tail of seed %i reaches all 18 partitions with valid records after the end',
  (seed) => {
    const tail = planTail(
      { ...DEFAULT_SIMULATION, seed, meetingsPerMinute: 4 },
      END,
      TOPICS,
      6,
      offlineSchemas(defaultCatalog()).schemas,
    );
    const reached = new Set(tail.map((r) => `${r.topic}/${partitionOfKey(r.key, 6)}`));
    expect(reached.size).toBe(18);
    expect(tail.every((r) => r.expect.kind === 'valid')).toBe(true);
    expect(Math.min(...tail.map((r) => r.eventTime))).toBeGreaterThanOrEqual(
      END - DEFAULT_SIMULATION.maxDisorderMs,
    );
    expect(Math.max(...tail.map((r) => r.eventTime))).toBeLessThan(END + 60_000);
  },
);
