// How plan --verify-savepoint holds Flink's answer (a dry-run report) against plan's class. The dry run itself runs
// on a MiniCluster in difftest/test/plan-restore.jvm.test.ts; here the reports are written out, to pin each verdict.
import type { JobPlan, StateManifest } from '../../codegen/src/plan-diff';
import type { DryRunReport } from '../src/verify-savepoint';
import { stateDifferences, verifyPlan } from '../src/verify-savepoint';

const manifest = {
  manifestVersion: 1,
  job: 'demo',
  source: 'jobs/demo.ts',
  className: 'io.collabstream.jobs.DemoJob',
  metrics: [],
  operators: [
    {
      uid: 'source.chat_events',
      name: 'Kafka source chat_events',
      kind: 'kafka-source',
      metric: null,
      state: [{ name: 'splits', kind: 'kafka-source-splits', type: 'KafkaPartitionSplit' }],
    },
    { uid: 'decode', name: 'decode', kind: 'decode', metric: null, state: [] },
    {
      uid: 'metric.m.window',
      name: 'm: window',
      kind: 'window',
      metric: 'm',
      state: [{ name: 'window-contents', kind: 'window', type: 'Acc' }],
    },
    {
      uid: 'metric.n.window',
      name: 'n: window',
      kind: 'window',
      metric: 'n',
      state: [{ name: 'window-contents', kind: 'window', type: 'Acc' }],
    },
  ],
} as unknown as StateManifest;

const plan = (cls: JobPlan['class'], needsAllowNonRestoredState = false): JobPlan => ({
  job: 'demo',
  baseJob: 'demo',
  class: cls,
  needsAllowNonRestoredState,
  changes: [],
});

function report(over: Partial<DryRunReport> = {}): DryRunReport {
  return {
    job: 'demo',
    savepoint: 's3://lake/savepoints/savepoint-1',
    maxParallelism: 128,
    operators: [
      {
        uid: 'source.chat_events',
        inSavepoint: true,
        stateBytes: 900,
        openedByDryRun: true,
        savedMaxParallelism: 128,
        savedState: ['SourceReaderState'],
      },
      { uid: 'decode', inSavepoint: false, stateBytes: 0, openedByDryRun: true },
      {
        uid: 'metric.m.window',
        inSavepoint: true,
        stateBytes: 4096,
        openedByDryRun: true,
        savedMaxParallelism: 128,
        savedState: ['window-contents'],
      },
      { uid: 'metric.n.window', inSavepoint: false, stateBytes: 0, openedByDryRun: true },
      {
        uid: 'metric.m.sink.lake.t',
        inSavepoint: true,
        stateBytes: 300,
        openedByDryRun: false,
        savedMaxParallelism: 128,
        savedState: [],
      },
    ],
    unmatched: [],
    restore: { ok: true, parallelism: 1, elapsedMs: 2100 },
    ...over,
  };
}

it('confirms a PARTIAL plan: restored, empty (only stateful operators) and sink lines', () => {
  const { ok, lines } = verifyPlan(plan('PARTIAL'), manifest, report());
  expect(ok).toBe(true);
  expect(lines).toEqual([
    'dry-run restore of demo from s3://lake/savepoints/savepoint-1 (MiniCluster, RocksDB, parallelism 1, 2100 ms): every task restored and running',
    '  restored   source.chat_events (900 B)',
    '  restored   metric.m.window (4.0 KiB)',
    '  restored   metric.m.sink.lake.t (300 B) (sink: mapped by uid, opened only on the cluster)',
    '  empty      metric.n.window: no state in the savepoint, starts empty',
    'plan said PARTIAL: confirmed',
    '  1 sink operator(s) restore only on the cluster',
  ]);
});

it('fails when the savepoint holds state plan did not expect to drop', () => {
  const dropped = report({
    unmatched: [{ operatorId: 'ab12', uid: 'metric.old.window', name: null, stateBytes: 10 }],
  });
  const refuted = verifyPlan(plan('SAFE'), manifest, dropped);
  expect(refuted.ok).toBe(false);
  expect(refuted.lines).toContain('  dropped    metric.old.window (10 B): no operator takes it');
  expect(refuted.lines.at(-1)).toBe(
    'plan did not expect dropped state, the savepoint holds 1 operator(s) more',
  );
  const expected = verifyPlan(plan('PARTIAL', true), manifest, dropped);
  expect(expected.ok).toBe(true);
  expect(expected.lines).toContain('plan said PARTIAL: confirmed (restore with allowNonRestoredState)');
});

it("names Flink's reason when the restore fails, confirming BREAKING and refuting anything else", () => {
  const failure = [
    'org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy',
    '\tat org.apache.flink.runtime...',
    'Caused by: java.lang.RuntimeException: Error while getting state',
    'Caused by: org.apache.flink.util.StateMigrationException: The new state serializer (PojoSerializer) must not be incompatible with the old state serializer (PojoSerializer).',
  ].join('\n');
  const refused = report({ restore: { ok: false, failure, parallelism: 1, elapsedMs: 900 } });
  const breaking = verifyPlan(plan('BREAKING'), manifest, refused);
  expect(breaking.ok).toBe(false);
  expect(breaking.lines[1]).toBe(
    '  failure    Caused by: org.apache.flink.util.StateMigrationException: The new state serializer (PojoSerializer) must not be incompatible with the old state serializer (PojoSerializer).',
  );
  expect(breaking.lines.at(-1)).toBe('plan said BREAKING: confirmed, the savepoint does not restore');
  expect(verifyPlan(plan('SEMANTIC'), manifest, refused).lines.at(-1)).toBe(
    'plan said SEMANTIC, but the savepoint does not restore: do not upgrade from it',
  );
});

it('says when Flink restores what plan calls BREAKING (a change of meaning), and reports a max-parallelism change', () => {
  const changed = report();
  const { ok, lines } = verifyPlan(plan('BREAKING'), manifest, {
    ...changed,
    operators: changed.operators.map((o) =>
      o.uid === 'metric.m.window' ? { ...o, savedMaxParallelism: 256 } : o,
    ),
  });
  expect(ok).toBe(true);
  expect(lines).toContain('  max parallelism of metric.m.window: saved 256, job 128');
  expect(lines).toContain(
    'plan said BREAKING: Flink restores the state, but it would mean something else (see the reasons above)',
  );
});

it('reports state the savepoint holds under other names than the manifest declares, and fails the check', () => {
  const base = report();
  const renamed = {
    ...base,
    operators: base.operators.map((o) =>
      o.uid === 'metric.m.window' ? { ...o, savedState: ['window-contents-v2'] } : o,
    ),
  };
  expect(stateDifferences(manifest, renamed)).toEqual([
    'metric.m.window: saved window-contents-v2, not declared',
    'metric.m.window: declares window-contents, not saved',
  ]);
  const { ok, lines } = verifyPlan(plan('SAFE'), manifest, renamed);
  expect(ok).toBe(false);
  expect(lines).toContain('  manifest   metric.m.window: saved window-contents-v2, not declared');
  expect(stateDifferences(manifest, base)).toEqual([]);
});
