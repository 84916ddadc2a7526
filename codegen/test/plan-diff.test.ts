// Table of edits × expected class: each edit changes the committed IR of a real job the way a definition edit
// would, the manifest is planned again from it, and `planJobs` must give the class (and the subject) the Flink
// restore rules of docs/COMPILER.md ("plan") say. The restore tests in difftest/test/plan-restore.jvm.test.ts
// back the classes on a MiniCluster; the golden outputs in cli/test/plan-cases show the wording.
import fs from 'node:fs';
import path from 'node:path';
import { emitStateManifest } from '../src/emit/manifest';
import type { Expr, Job, Measure, Metric } from '../src/ir';
import { planJob } from '../src/plan';
import type { ChangeClass, JobVersion, StateManifest } from '../src/plan-diff';
import { duration, planJobs } from '../src/plan-diff';

const IR_DIR = path.resolve(__dirname, '../../generated-java/ir');
const load = (id: string): Job =>
  JSON.parse(fs.readFileSync(path.join(IR_DIR, `${id}.ir.json`), 'utf8')) as Job;

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
type MJob = Mutable<Job>;
type MMetric = Mutable<Metric>;

const version = (job: Job): JobVersion => ({
  ir: job,
  manifest: JSON.parse(emitStateManifest(job, planJob(job))) as StateManifest,
});

const copy = <T>(value: T): Mutable<T> => JSON.parse(JSON.stringify(value)) as Mutable<T>;
const tumbling = () => load('meeting_metrics_30s');
const sliding = () => load('meeting_trends_60s');
const only = (job: MJob): MMetric => job.metrics[0]!;
/** The tumbling job's metric over sessions: a 5-minute gap, at most 4 hours. */
const session = (): Job => {
  const job = copy(tumbling());
  only(job).window = {
    kind: 'session',
    gapMs: 300_000,
    maxDurationMs: 14_400_000,
    origin: only(job).window.origin,
  };
  return job as Job;
};
const sessionWindow = (job: MJob) => only(job).window as { gapMs: number; maxDurationMs: number | null };
const measure = (job: MJob, name: string) => only(job).measures.find((m) => m.name === name)!;

/** A second metric of the tumbling job, keyed by organisation. */
function withOrgMetric(job: Job): Job {
  const next = copy(job);
  const org = copy(job.metrics[0]!);
  org.id = 'org_activity_30s';
  org.key = 'org_id';
  org.sinks = [{ kind: 'lake-table', schema: 'metrics', table: 'org_activity_30s', origin: org.origin }];
  next.metrics.push(org);
  return next as Job;
}

/** The tumbling job with a p99 of the latency beside its average and p95. */
function withPercentile(job: Job): Job {
  const next = copy(job);
  const p99 = copy(next.metrics[0]!.measures.find((m) => m.name === 'avg_latency_ms')!) as Mutable<
    Extract<Measure, { kind: 'activity' }>
  >;
  p99.name = 'p99_latency_ms';
  p99.aggregation = 'percentile';
  p99.fraction = 0.99;
  next.metrics[0]!.measures.push(p99);
  return next as Job;
}

/** The tumbling job with an approximate p99 of the latency (its sketch) beside its average. */
function withApproxPercentile(job: Job): Job {
  const next = copy(job);
  const p99 = copy(next.metrics[0]!.measures.find((m) => m.name === 'avg_latency_ms')!) as Mutable<
    Extract<Measure, { kind: 'activity' }>
  >;
  p99.name = 'approx_p99_latency_ms';
  p99.aggregation = 'approxPercentile';
  p99.fraction = 0.99;
  p99.relativeError = 0.01;
  next.metrics[0]!.measures.push(p99);
  return next as Job;
}

/** The sliding job cumulating 15 s steps to an hour instead. */
function cumulating(stepMs = 15_000, maxMs = 3_600_000): Job {
  const job = copy(sliding());
  only(job).window = { kind: 'cumulate', stepMs, maxMs, origin: only(job).window.origin };
  return job as Job;
}

/** The tumbling job with the first latency of each window (its value and time) beside the average. */
function withFirst(job: Job): Job {
  const next = copy(job);
  const first = copy(next.metrics[0]!.measures.find((m) => m.name === 'avg_latency_ms')!) as Mutable<
    Extract<Measure, { kind: 'activity' }>
  >;
  first.name = 'first_latency_ms';
  first.aggregation = 'first';
  next.metrics[0]!.measures.push(first);
  return next as Job;
}

/** `(m) => m.active_users >= <min>` as lowering writes it. */
function activeAtLeast(job: MJob, min: number): Metric['having'] {
  const number = { base: 'number', nullable: false } as const;
  return {
    body: [
      {
        kind: 'return',
        value: {
          kind: 'binary',
          op: '>=',
          left: { kind: 'measure', name: 'active_users', type: number },
          right: { kind: 'literal', value: min, type: number },
          type: { base: 'boolean', nullable: false },
        },
      },
    ],
    result: { base: 'boolean', nullable: false },
    source: `(m) => m.active_users >= ${min}`,
    origin: only(job).origin,
  };
}

interface Edit {
  readonly name: string;
  readonly base: () => Job;
  readonly edit: (job: MJob) => MJob;
  readonly expected: ChangeClass;
  readonly subject: string;
  readonly allowNonRestoredState?: boolean;
}

const EDITS: readonly Edit[] = [
  {
    name: 'add a percentile',
    base: tumbling,
    edit: (job) => copy(withPercentile(job as Job)),
    expected: 'PARTIAL',
    subject: 'meeting_metrics_30s.p99_latency_ms',
  },
  {
    name: "change a percentile's fraction",
    base: () => withPercentile(tumbling()),
    edit: (job) => {
      (measure(job, 'p99_latency_ms') as { fraction?: number }).fraction = 0.999;
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.p99_latency_ms',
  },
  {
    name: 'add an approxPercentile',
    base: tumbling,
    edit: (job) => copy(withApproxPercentile(job as Job)),
    expected: 'PARTIAL',
    subject: 'meeting_metrics_30s.approx_p99_latency_ms',
  },
  {
    name: "change an approxPercentile's fraction",
    base: () => withApproxPercentile(tumbling()),
    edit: (job) => {
      (measure(job, 'approx_p99_latency_ms') as { fraction?: number }).fraction = 0.95;
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.approx_p99_latency_ms',
  },
  {
    name: "change an approxPercentile's relativeError",
    base: () => withApproxPercentile(tumbling()),
    edit: (job) => {
      (measure(job, 'approx_p99_latency_ms') as { relativeError?: number }).relativeError = 0.02;
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.approx_p99_latency_ms',
  },
  {
    name: 'add metric',
    base: tumbling,
    edit: (job) => copy(withOrgMetric(job as Job)),
    expected: 'PARTIAL',
    subject: 'org_activity_30s',
  },
  {
    name: 'remove metric',
    base: () => withOrgMetric(tumbling()),
    edit: (job) => ({ ...job, metrics: job.metrics.filter((m) => m.id !== 'org_activity_30s') }),
    expected: 'PARTIAL',
    subject: 'org_activity_30s',
    allowNonRestoredState: true,
  },
  {
    name: 'add measure',
    base: tumbling,
    edit: (job) => {
      const joins = copy(measure(job, 'joins'));
      joins.name = 'lags';
      only(job).measures.push(joins);
      return job;
    },
    expected: 'PARTIAL',
    subject: 'meeting_metrics_30s.lags',
  },
  {
    name: 'remove measure',
    base: tumbling,
    edit: (job) => {
      only(job).measures = only(job).measures.filter((m) => m.name !== 'screen_shares');
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.screen_shares',
  },
  {
    name: 'change where',
    base: tumbling,
    edit: (job) => {
      // reaction || emoji → reaction
      const where = (measure(job, 'reaction_count') as Mutable<Extract<Measure, { kind: 'activity' }>>)
        .where!;
      const body = where.body[0] as { kind: 'return'; value: Mutable<Expr> };
      body.value = (body.value as Extract<Expr, { kind: 'binary' }>).left as Mutable<Expr>;
      (where as { source: string }).source = "(e) => e.event_type === 'reaction'";
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.reaction_count',
  },
  {
    name: 'change derived',
    base: tumbling,
    edit: (job) => {
      const rate = only(job).derived.find((d) => d.name === 'message_rate')!;
      (rate.fn.body[0] as { value: { op: string } }).value.op = '*';
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.message_rate',
  },
  {
    name: 'add having',
    base: tumbling,
    edit: (job) => {
      only(job).having = activeAtLeast(job, 3) as MMetric['having'];
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.having',
  },
  {
    name: 'change having',
    base: () => {
      const job = copy(tumbling());
      only(job).having = activeAtLeast(job, 3) as MMetric['having'];
      return job as Job;
    },
    edit: (job) => {
      only(job).having = activeAtLeast(job, 5) as MMetric['having'];
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.having',
  },
  {
    name: 'remove having',
    base: () => {
      const job = copy(tumbling());
      only(job).having = activeAtLeast(job, 3) as MMetric['having'];
      return job as Job;
    },
    edit: (job) => {
      delete only(job).having;
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.having',
  },
  {
    name: 'change a constant',
    base: tumbling,
    edit: (job) => {
      const health = only(job).derived.find((d) => d.name === 'meeting_health')!;
      const text = JSON.stringify(health.fn.body).replace('"value":150', '"value":200');
      health.fn.body = JSON.parse(text) as typeof health.fn.body;
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.meeting_health',
  },
  {
    name: 'change window size',
    base: tumbling,
    edit: (job) => {
      (only(job).window as { sizeMs: number }).sizeMs = 60_000;
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s.window',
  },
  {
    name: 'change slide',
    base: sliding,
    edit: (job) => {
      (only(job).window as { slideMs: number }).slideMs = 20_000;
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_trends_60s.window',
  },
  {
    name: 'change sliding size (same slide)',
    base: sliding,
    edit: (job) => {
      (only(job).window as { sizeMs: number }).sizeMs = 120_000;
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_trends_60s.window',
  },
  {
    name: 'tumbling → sliding',
    base: tumbling,
    edit: (job) => {
      only(job).window = {
        kind: 'sliding',
        sizeMs: 60_000,
        slideMs: 30_000,
        origin: only(job).window.origin,
      };
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s.window',
    // The late gate of a tumbling metric has no place in a sliding one.
    allowNonRestoredState: true,
  },
  {
    name: 'sliding → cumulate',
    base: sliding,
    edit: () => copy(cumulating()),
    expected: 'BREAKING',
    subject: 'meeting_trends_60s.window',
  },
  {
    name: 'tumbling → cumulate',
    base: tumbling,
    edit: (job) => {
      only(job).window = {
        kind: 'cumulate',
        stepMs: 30_000,
        maxMs: 3_600_000,
        origin: only(job).window.origin,
      };
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s.window',
    allowNonRestoredState: true,
  },
  {
    name: 'change cumulate step',
    base: () => cumulating(),
    edit: () => copy(cumulating(30_000)),
    expected: 'BREAKING',
    subject: 'meeting_trends_60s.window',
  },
  {
    name: 'change cumulate max',
    base: () => cumulating(),
    edit: () => copy(cumulating(15_000, 7_200_000)),
    expected: 'BREAKING',
    subject: 'meeting_trends_60s.window',
  },
  {
    name: 'change key',
    base: tumbling,
    edit: (job) => {
      only(job).key = 'org_id';
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s',
  },
  {
    name: 'key → composite key',
    base: tumbling,
    edit: (job) => {
      only(job).key = ['org_id', 'meeting_id'];
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s',
  },
  {
    name: "reorder a composite key's fields",
    base: () => {
      const job = copy(tumbling());
      only(job).key = ['org_id', 'meeting_id'];
      return job as Job;
    },
    edit: (job) => {
      only(job).key = ['meeting_id', 'org_id'];
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s',
  },
  {
    name: 'add a first',
    base: tumbling,
    edit: (job) => copy(withFirst(job as Job)),
    expected: 'PARTIAL',
    subject: 'meeting_metrics_30s.first_latency_ms',
  },
  {
    name: 'first → last',
    base: () => withFirst(tumbling()),
    edit: (job) => {
      (measure(job, 'first_latency_ms') as { aggregation: string }).aggregation = 'last';
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s.first_latency_ms',
  },
  {
    name: "change a first's where",
    base: () => withFirst(tumbling()),
    edit: (job) => {
      (measure(job, 'first_latency_ms') as { where: unknown }).where = null;
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.first_latency_ms',
  },
  {
    name: 'lengthen presence ttl',
    base: sliding,
    edit: (job) => {
      (measure(job, 'participants') as { ttlMs: number }).ttlMs = 8 * 3_600_000;
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_trends_60s.participants',
  },
  {
    name: 'change session gap',
    base: session,
    edit: (job) => {
      sessionWindow(job).gapMs = 600_000;
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s.window',
  },
  {
    name: 'change session maxDuration',
    base: session,
    edit: (job) => {
      sessionWindow(job).maxDurationMs = 7_200_000;
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s.window',
  },
  {
    name: 'remove session maxDuration',
    base: session,
    edit: (job) => {
      sessionWindow(job).maxDurationMs = null;
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s.window',
  },
  {
    name: 'tumbling → session',
    base: tumbling,
    edit: (job) => {
      only(job).window = {
        kind: 'session',
        gapMs: 30_000,
        maxDurationMs: null,
        origin: only(job).window.origin,
      };
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s.window',
    // The late gate of a tumbling metric has no place in a session one.
    allowNonRestoredState: true,
  },
  {
    name: 'session: change a where (same window)',
    base: session,
    edit: (job) => {
      const where = (measure(job, 'reaction_count') as Mutable<Extract<Measure, { kind: 'activity' }>>)
        .where!;
      const body = where.body[0] as { kind: 'return'; value: Mutable<Expr> };
      body.value = (body.value as Extract<Expr, { kind: 'binary' }>).left as Mutable<Expr>;
      (where as { source: string }).source = "(e) => e.event_type === 'reaction'";
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.reaction_count',
  },
  {
    name: 'shorten presence ttl',
    base: sliding,
    edit: (job) => {
      (measure(job, 'participants') as { ttlMs: number }).ttlMs = 2 * 3_600_000;
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_trends_60s.participants',
  },
  {
    name: 'change late policy: drop → side output',
    base: tumbling,
    edit: (job) => {
      only(job).late = {
        policy: 'side-output',
        topic: 'meeting_metrics_late',
        origin: only(job).late.origin,
      };
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_metrics_30s.late',
  },
  {
    name: "change late policy's topic",
    base: sliding,
    edit: (job) => {
      (only(job).late as { topic: string }).topic = 'meeting_trends_late_v2';
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'meeting_trends_60s.late',
  },
  {
    name: 'change late policy: side output → drop',
    base: sliding,
    edit: (job) => {
      only(job).late = { policy: 'drop-and-count', origin: only(job).late.origin };
      return job;
    },
    expected: 'PARTIAL',
    subject: 'meeting_trends_60s.late',
    allowNonRestoredState: true,
  },
  {
    name: 'rename job',
    base: tumbling,
    edit: (job) => ({ ...job, id: 'meeting_metrics_30s_v2' }),
    expected: 'BREAKING',
    subject: 'job',
  },
  {
    name: 'change sink (lake table renamed)',
    base: tumbling,
    edit: (job) => {
      only(job).sinks[0] = {
        kind: 'lake-table',
        schema: 'metrics',
        table: 'meeting_activity_30s',
        origin: job.origin,
      };
      return job;
    },
    expected: 'PARTIAL',
    subject: 'meeting_metrics_30s.sink.lake.metrics.meeting_metrics_30s',
    allowNonRestoredState: true,
  },
  {
    name: 'add sink',
    base: tumbling,
    edit: (job) => {
      only(job).sinks.push({ kind: 'live-topic', topic: 'meeting_metrics_live_v2', origin: job.origin });
      return job;
    },
    expected: 'SAFE',
    subject: 'meeting_metrics_30s.sink.live.meeting_metrics_live_v2',
  },
  {
    name: 'change aggregation (count → sum: long → double)',
    base: tumbling,
    edit: (job) => {
      const joins = measure(job, 'joins') as Mutable<Extract<Measure, { kind: 'activity' }>>;
      joins.aggregation = 'sum';
      joins.column = 'double';
      joins.value = copy(measure(job, 'avg_latency_ms') as Extract<Measure, { kind: 'activity' }>).value;
      return job;
    },
    expected: 'BREAKING',
    subject: 'meeting_metrics_30s.joins',
  },
  {
    name: 'change description',
    base: tumbling,
    edit: (job) => {
      only(job).description = 'Per-meeting activity.';
      return job;
    },
    expected: 'SAFE',
    subject: 'meeting_metrics_30s',
  },
  {
    name: "change a source's watermark",
    base: tumbling,
    edit: (job) => {
      job.sources[0]!.maxOutOfOrderMs = 10_000;
      return job;
    },
    expected: 'SEMANTIC',
    subject: 'source.user_events',
  },
];

describe.each(EDITS.map((e) => [e.name, e] as const))('%s', (_name, edit) => {
  const base = edit.base();
  const edited = edit.edit(copy(base)) as Job;
  const [plan] = planJobs(new Map([[base.id, version(base)]]), new Map([[edited.id, version(edited)]]));

  it(`is ${edit.expected}`, () => {
    expect(plan!.class).toBe(edit.expected);
  });

  it(`names ${edit.subject} with that class and a reason`, () => {
    const change = plan!.changes.find((c) => c.subject === edit.subject && c.class === edit.expected);
    expect(change).toBeDefined();
    expect(change!.reason.length).toBeGreaterThan(10);
    expect(plan!.needsAllowNonRestoredState).toBe(edit.allowNonRestoredState ?? false);
  });
});

it('reports nothing for an unchanged job', () => {
  const job = tumbling();
  const [plan] = planJobs(new Map([[job.id, version(job)]]), new Map([[job.id, version(job)]]));
  expect(plan).toEqual({
    job: job.id,
    baseJob: job.id,
    class: null,
    needsAllowNonRestoredState: false,
    changes: [],
  });
});

it('says which constant changed', () => {
  const base = tumbling();
  const edited = EDITS.find((e) => e.name === 'change a constant')!.edit(copy(base)) as Job;
  const [plan] = planJobs(new Map([[base.id, version(base)]]), new Map([[edited.id, version(edited)]]));
  expect(plan!.changes[0]!.reason).toMatch(/^a constant changed: 150 → 200:/);
});

it('reports a field the compiler retyped under an unchanged definition (from the manifests)', () => {
  const job = tumbling();
  const base = version(job);
  const manifest = copy(base.manifest);
  const window = manifest.operators.find((op) => op.uid === 'metric.meeting_metrics_30s.window')!;
  window.state[0]!.fields = { ...window.state[0]!.fields, joins: 'int' };
  const [plan] = planJobs(
    new Map([[job.id, base]]),
    new Map([[job.id, { ir: job, manifest: manifest as StateManifest }]]),
  );
  expect(plan!.class).toBe('BREAKING');
  expect(plan!.changes.map((c) => `${c.subject}: ${c.reason}`)).toEqual([
    "meeting_metrics_30s.joins: accumulator field joins long → int; Flink's POJO serializer cannot change a field’s type",
  ]);
});

it('refuses another max parallelism: keyed state cannot move to another number of key groups', () => {
  const job = tumbling();
  const base = version(job);
  expect(base.manifest.maxParallelism).toBe(128);
  const head = { ir: job, manifest: { ...base.manifest, maxParallelism: 256 } };
  const [plan] = planJobs(new Map([[job.id, base]]), new Map([[job.id, head]]));
  expect(plan!.class).toBe('BREAKING');
  expect(plan!.changes.map((c) => `${c.subject}: ${c.reason}`)).toEqual([
    'job: max parallelism 128 → 256: keyed state is saved in that many key groups and Flink cannot restore it into another number',
  ]);
  expect(plan!.changes[0]!.uids).toContain('metric.meeting_metrics_30s.window');
});

it('treats a new job as SAFE and a removed one as PARTIAL', () => {
  const job = tumbling();
  const other = sliding();
  const plans = planJobs(new Map([[other.id, version(other)]]), new Map([[job.id, version(job)]]));
  expect(plans.map((p) => [p.job, p.class])).toEqual([
    [job.id, 'SAFE'],
    [other.id, 'PARTIAL'],
  ]);
});

it('writes durations as the DSL does', () => {
  expect([30_000, 90_000, 14_400_000, 86_400_000, 1500].map(duration)).toEqual([
    '30s',
    '90s',
    '4h',
    '1d',
    '1500ms',
  ]);
});
