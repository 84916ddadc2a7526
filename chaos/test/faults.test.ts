import type { FaultKind } from '../src/faults';
import { FAULT_KINDS, parseFaultKinds, planFaults } from '../src/faults';

const plan = (seed: number, faults = 3, kinds: readonly FaultKind[] = FAULT_KINDS) =>
  planFaults({ seed, faults, kinds, taskManagers: 2 });

describe('planFaults', () => {
  it('is a function of the seed', () => {
    expect(plan(14)).toEqual(plan(14));
    expect(plan(14)).not.toEqual(plan(15));
  });

  it('spreads faults between 15 % and 85 % of the records, at least 10 % apart, in order', () => {
    for (let seed = 0; seed < 200; seed++) {
      const faults = plan(seed, 1 + (seed % 7));
      expect(faults).toHaveLength(1 + (seed % 7));
      for (const [i, f] of faults.entries()) {
        expect(f.atFraction).toBeGreaterThanOrEqual(0.15);
        expect(f.atFraction).toBeLessThanOrEqual(0.85);
        if (i > 0) expect(f.atFraction - faults[i - 1]!.atFraction).toBeGreaterThanOrEqual(0.0995);
      }
    }
  });

  it('gives every TaskManager kill a TaskManager every S3 outage and full lake disk 10–60 s, every older restore 1–2 checkpoints back, and no other fault any parameter', () => {
    const all = Array.from({ length: 100 }, (_, seed) => plan(seed)).flat();
    expect(new Set(all.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS));
    for (const f of all) {
      if (f.kind.startsWith('taskmanager-')) expect([0, 1]).toContain(f.taskManager);
      else expect(f.taskManager).toBeUndefined();
      if (f.kind === 's3-outage' || f.kind === 'lake-disk-full') {
        expect(f.outageMs! % 1_000).toBe(0);
        expect(f.outageMs).toBeGreaterThanOrEqual(10_000);
        expect(f.outageMs).toBeLessThanOrEqual(60_000);
      } else expect(f.outageMs).toBeUndefined();
      if (f.kind === 'restore-older-checkpoint') expect([1, 2]).toContain(f.checkpointsBack);
      else expect(f.checkpointsBack).toBeUndefined();
    }
  });

  it('keeps to the kinds it is given', () => {
    const kinds = parseFaultKinds('kafka-restart,s3-outage');
    const all = Array.from({ length: 50 }, (_, seed) => plan(seed, 3, kinds)).flat();
    expect(new Set(all.map((f) => f.kind))).toEqual(new Set(kinds));
  });

  it('refuses more faults than fit, and unknown kinds', () => {
    expect(() => plan(1, 8)).toThrow(/0 to 7 fit in one run/);
    expect(() => plan(1, 3, [])).toThrow(/no fault kinds/);
    expect(() => parseFaultKinds('kafka-restart,disk-full')).toThrow(/unknown fault kind "disk-full"/);
  });
});
