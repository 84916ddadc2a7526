// `collab-stream plan`'s comparison: what restoring a savepoint of the deployed job (the base's IR and state
// manifest) into the edited job would do, per metric and operator. Pure: both sides are values, so the table of
// edits in codegen/test/plan-diff.test.ts runs without git, files or a JVM.
//
// The classes follow what Flink really does on restore (docs/COMPILER.md, "plan"): state is matched by operator
// uid, then by state name; a POJO accumulator may gain fields (they keep their initial value) or lose them, but a
// field may not change type and the class may not change name; keyed state is restored whatever the key means.
import { aggregationOf } from './aggregations';
import type { JavaField } from './aggregations';
import type { Fn, Job, Measure, Metric, Sink, Source, Window } from './ir';
import { describeWindow } from './window';
import { describeKey } from '../../dsl';

/** Ordered by how much a reviewer must do: SEMANTIC changes rows, PARTIAL changes state, BREAKING loses it. */
export const CHANGE_CLASSES = ['SAFE', 'SEMANTIC', 'PARTIAL', 'BREAKING'] as const;
export type ChangeClass = (typeof CHANGE_CLASSES)[number];

export interface StateManifestEntry {
  readonly name: string;
  readonly kind: string;
  readonly type: string;
  readonly fields?: Readonly<Record<string, string>>;
  readonly ttlMs?: number;
}

export interface StateManifestOperator {
  readonly uid: string;
  readonly name: string;
  readonly kind: string;
  readonly metric: string | null;
  readonly state: readonly StateManifestEntry[];
}

/** `generated-java/manifests/<job>.state.json` (codegen/src/emit/manifest.ts). */
export interface StateManifest {
  readonly manifestVersion: number;
  readonly job: string;
  readonly source: string;
  readonly className: string;
  /** The key groups of every keyed operator (optional: a reader of another manifest version may lack it). */
  readonly maxParallelism?: number;
  readonly metrics: readonly { readonly id: string; readonly version: number }[];
  readonly operators: readonly StateManifestOperator[];
}

/** One side of the comparison: a job's IR and its state manifest. */
export interface JobVersion {
  readonly ir: Job;
  readonly manifest: StateManifest;
}

export interface Change {
  readonly class: ChangeClass;
  readonly action: 'add' | 'remove' | 'change';
  /** `job`, a metric id, `<metric>.<measure or derived>`, `<metric>.window`, `<metric>.sink.<name>`, `source.<topic>`. */
  readonly subject: string;
  readonly reason: string;
  /** Operators whose saved state the change concerns. */
  readonly uids: readonly string[];
  /** The savepoint holds state of an operator the new job no longer has: Flink refuses it unless told. */
  readonly dropsState: boolean;
}

export interface JobPlan {
  /** The job's id in the working tree (the base's when the job was removed). */
  readonly job: string;
  /** The deployed job's id, null for a new job. */
  readonly baseJob: string | null;
  /** The worst class of its changes, null when nothing changed. */
  readonly class: ChangeClass | null;
  readonly needsAllowNonRestoredState: boolean;
  readonly changes: readonly Change[];
}

export function worstClass(classes: readonly ChangeClass[]): ChangeClass | null {
  let worst: ChangeClass | null = null;
  for (const c of classes)
    if (worst === null || CHANGE_CLASSES.indexOf(c) > CHANGE_CLASSES.indexOf(worst)) worst = c;
  return worst;
}

/**
 * Pairs base and working-tree jobs by id; a base job and a new job with no partner that come from the same file
 * or share a metric are one job renamed (reported, since a renamed job cannot restore its state).
 */
export function planJobs(
  base: ReadonlyMap<string, JobVersion>,
  head: ReadonlyMap<string, JobVersion>,
): JobPlan[] {
  const plans: JobPlan[] = [];
  const unmatchedBase = new Set([...base.keys()].filter((id) => !head.has(id)));
  for (const [id, next] of head) {
    let previous = base.get(id);
    if (!previous) {
      const renamedFrom = [...unmatchedBase].find((b) => sameLineage(base.get(b)!, next));
      if (renamedFrom !== undefined) {
        unmatchedBase.delete(renamedFrom);
        previous = base.get(renamedFrom);
      }
    }
    if (!previous) {
      plans.push(
        jobPlan(id, null, [change('SAFE', 'add', 'job', 'new job: no deployed state to restore', [])]),
      );
      continue;
    }
    plans.push(jobPlan(id, previous.ir.id, diffJob(previous, next)));
  }
  for (const id of unmatchedBase) {
    const stateful = statefulUids(base.get(id)!.manifest.operators);
    plans.push(
      jobPlan(id, id, [
        change(
          'PARTIAL',
          'remove',
          'job',
          'job removed: its deployed instance and state are no longer built here (stop it with a savepoint to keep them)',
          stateful,
          false,
        ),
      ]),
    );
  }
  return plans;
}

function sameLineage(previous: JobVersion, next: JobVersion): boolean {
  if (previous.ir.file === next.ir.file) return true;
  const metrics = new Set(previous.ir.metrics.map((m) => m.id));
  return next.ir.metrics.some((m) => metrics.has(m.id));
}

function jobPlan(job: string, baseJob: string | null, changes: Change[]): JobPlan {
  return {
    job,
    baseJob,
    class: worstClass(changes.map((c) => c.class)),
    needsAllowNonRestoredState: changes.some((c) => c.dropsState),
    changes,
  };
}

function change(
  cls: ChangeClass,
  action: Change['action'],
  subject: string,
  reason: string,
  uids: readonly string[],
  dropsState = false,
): Change {
  return { class: cls, action, subject, reason, uids, dropsState };
}

const statefulUids = (operators: readonly StateManifestOperator[]): string[] =>
  operators.filter((op) => op.state.length > 0).map((op) => op.uid);

/** Every change between the deployed version of a job and the edited one. */
export function diffJob(base: JobVersion, head: JobVersion): Change[] {
  const changes: Change[] = [];
  const a = base.ir;
  const b = head.ir;
  if (a.id !== b.id || base.manifest.className !== head.manifest.className) {
    changes.push(
      change(
        'BREAKING',
        'change',
        'job',
        `job id ${a.id} → ${b.id}: the state classes are named after it (${base.manifest.className}$…Accumulator → ` +
          `${head.manifest.className}$…Accumulator) and Flink cannot restore POJO state into a class of another name`,
        statefulUids(base.manifest.operators).filter((uid) => uid.endsWith('.window')),
      ),
    );
  }
  const [baseGroups, headGroups] = [base.manifest.maxParallelism, head.manifest.maxParallelism];
  if (baseGroups !== undefined && headGroups !== undefined && baseGroups !== headGroups) {
    changes.push(
      change(
        'BREAKING',
        'change',
        'job',
        `max parallelism ${baseGroups} → ${headGroups}: keyed state is saved in that many key groups and Flink ` +
          `cannot restore it into another number`,
        statefulUids(base.manifest.operators),
      ),
    );
  }
  if (a.description !== b.description)
    changes.push(change('SAFE', 'change', 'job', 'description changed', []));
  if (a.deadLetterTopic !== b.deadLetterTopic) {
    changes.push(
      change(
        'SEMANTIC',
        'change',
        'job',
        `dead letters go to ${b.deadLetterTopic} from the restore on (were ${a.deadLetterTopic})`,
        ['sink.dead_letters'],
      ),
    );
  }
  changes.push(...diffSources(a.sources, b.sources));
  const headMetrics = new Map(b.metrics.map((m) => [m.id, m]));
  const baseMetrics = new Map(a.metrics.map((m) => [m.id, m]));
  for (const metric of a.metrics) {
    const next = headMetrics.get(metric.id);
    const operators = base.manifest.operators.filter((op) => op.metric === metric.id);
    if (!next) {
      changes.push(
        change(
          'PARTIAL',
          'remove',
          metric.id,
          'metric removed: its window, late-count and sink state is dropped (restore with allowNonRestoredState); ' +
            'its tables and topics get no more rows',
          statefulUids(operators),
          true,
        ),
      );
      continue;
    }
    changes.push(...diffMetric(metric, next, operators, operatorsOf(head.manifest, metric.id)));
  }
  for (const metric of b.metrics) {
    if (baseMetrics.has(metric.id)) continue;
    changes.push(
      change(
        'PARTIAL',
        'add',
        metric.id,
        'new metric: starts empty; its first windows hold only the events read after the restore',
        statefulUids(operatorsOf(head.manifest, metric.id)),
      ),
    );
  }
  changes.push(...unexplainedOperatorChanges(base.manifest, head.manifest, changes));
  return changes;
}

const operatorsOf = (manifest: StateManifest, metric: string) =>
  manifest.operators.filter((op) => op.metric === metric);

function diffSources(a: readonly Source[], b: readonly Source[]): Change[] {
  const changes: Change[] = [];
  const next = new Map(b.map((s) => [s.topic, s]));
  const previous = new Map(a.map((s) => [s.topic, s]));
  for (const source of a) {
    const uid = `source.${source.topic}`;
    const edited = next.get(source.topic);
    if (!edited) {
      changes.push(
        change(
          'PARTIAL',
          'remove',
          uid,
          'topic no longer read: its Kafka source state (partition offsets) is dropped (restore with allowNonRestoredState)',
          [uid],
          true,
        ),
      );
      continue;
    }
    const settings: string[] = [];
    const compare = (label: string, x: unknown, y: unknown) => {
      if (x !== y) settings.push(`${label} ${String(x)} → ${String(y)}`);
    };
    compare('event time', source.eventTime, edited.eventTime);
    compare('watermark', duration(source.maxOutOfOrderMs), duration(edited.maxOutOfOrderMs));
    compare('idle after', duration(source.idleAfterMs), duration(edited.idleAfterMs));
    compare('notBefore', source.notBefore, edited.notBefore);
    compare('maxAheadOfNow', duration(source.maxAheadOfNowMs), duration(edited.maxAheadOfNowMs));
    if (canonical(source.schema) !== canonical(edited.schema))
      settings.push(`reader schema ${source.schema.file} → ${edited.schema.file}`);
    if (settings.length > 0) {
      changes.push(
        change(
          'SEMANTIC',
          'change',
          uid,
          `${settings.join(', ')}: lateness and validation follow the new settings from the restore on`,
          [uid],
        ),
      );
    }
  }
  for (const source of b) {
    if (previous.has(source.topic)) continue;
    const uid = `source.${source.topic}`;
    changes.push(
      change(
        'SEMANTIC',
        'add',
        uid,
        "new topic: its source starts from the consumer group's committed offsets, else the earliest, so its " +
          'older events arrive late or in open windows',
        [uid],
      ),
    );
  }
  return changes;
}

function diffMetric(
  a: Metric,
  b: Metric,
  baseOps: readonly StateManifestOperator[],
  headOps: readonly StateManifestOperator[],
): Change[] {
  const changes: Change[] = [];
  const id = a.id;
  const windowUid = `metric.${id}.window`;
  if (a.description !== b.description || a.version !== b.version) {
    const what = [
      ...(a.version !== b.version ? [`version ${a.version} → ${b.version}`] : []),
      ...(a.description !== b.description ? ['description changed'] : []),
    ];
    changes.push(change('SAFE', 'change', id, what.join(', '), []));
  }
  const [keyA, keyB] = [describeKey(a.key), describeKey(b.key)];
  // `meeting_id` and `[meeting_id]` differ too: a composite key's state holds JSON arrays, not plain values.
  if (JSON.stringify(a.key) !== JSON.stringify(b.key)) {
    changes.push(
      change(
        'BREAKING',
        'change',
        id,
        `key ${keyA} → ${keyB}: window and presence state is keyed by ${keyA} values; Flink restores it ` +
          `unchanged, so ${keyB} windows would start with ${keyA} data`,
        [windowUid],
      ),
    );
  }
  const windowChange = diffWindow(a.window, b.window);
  if (windowChange) changes.push(change('BREAKING', 'change', `${id}.window`, windowChange, [windowUid]));
  changes.push(...diffLate(id, a, b));
  if (canonical(a.sources) !== canonical(b.sources)) {
    changes.push(
      change(
        'SEMANTIC',
        'change',
        id,
        `reads ${b.sources.join(', ')} (was ${a.sources.join(', ')}): windows open at the restore mix both inputs`,
        [`metric.${id}.input`],
      ),
    );
  }
  const baseFields = accumulatorFieldsOf(baseOps);
  const headFields = accumulatorFieldsOf(headOps);
  const headMeasures = new Map(b.measures.map((m) => [m.name, m]));
  for (const measure of a.measures) {
    const next = headMeasures.get(measure.name);
    const subject = `${id}.${measure.name}`;
    if (!next) {
      changes.push(
        change(
          'SEMANTIC',
          'remove',
          subject,
          measure.kind === 'presence'
            ? `measure removed: rows from the restore on have no ${measure.name} column; its presence state stays unread`
            : `measure removed: its accumulator fields are dropped on restore (POJO field removal); rows from the ` +
                `restore on have no ${measure.name} column`,
          [windowUid],
        ),
      );
      continue;
    }
    const sourcesChanged = canonical(a.sources) !== canonical(b.sources);
    const c = diffMeasure(subject, measure, next, baseFields, headFields, windowUid, sourcesChanged);
    if (c) changes.push(c);
  }
  const baseMeasures = new Set(a.measures.map((m) => m.name));
  for (const measure of b.measures) {
    if (baseMeasures.has(measure.name)) continue;
    changes.push(change('PARTIAL', 'add', `${id}.${measure.name}`, addedMeasureReason(measure), [windowUid]));
  }
  changes.push(...diffDerived(id, a, b));
  const having = diffHaving(id, a.having, b.having);
  if (having) changes.push(having);
  changes.push(...diffSinks(id, a.sinks, b.sinks, baseOps));
  return changes;
}

function diffWindow(a: Window, b: Window): string | null {
  const show = (w: Window) => describeWindow(w, duration);
  if (a.kind !== b.kind)
    return a.kind === 'tumbling' || b.kind === 'tumbling' || a.kind === 'session' || b.kind === 'session'
      ? `${show(a)} → ${show(b)}: other operators and state names (window-contents, panes, sessions); Flink refuses the savepoint`
      : `${show(a)} → ${show(b)}: the same pane state, restored into windows of another meaning (cumulated steps vs overlapping windows)`;
  if (a.kind === 'session' && b.kind === 'session') {
    if (a.gapMs === b.gapMs && a.maxDurationMs === b.maxDurationMs) return null;
    // The saved sessions keep bounds merged by the old gap and cut by the old maxDuration, and their timers: they
    // fire with those bounds, and a new event merges into them by the new rule. Rows neither definition gives.
    return (
      `${show(a)} → ${show(b)}: sessions open at the restore keep the bounds and timers the old gap and maxDuration ` +
      'gave them; later events merge into them by the new rule'
    );
  }
  if (a.kind === 'tumbling' && b.kind === 'tumbling') {
    if (a.sizeMs === b.sizeMs) return null;
    return (
      `${show(a)} → ${show(b)}: windows open at the restore keep their ${duration(a.sizeMs)} bounds and fire as such; ` +
      'Flink restores them without complaint'
    );
  }
  if (a.kind === 'sliding' && b.kind === 'sliding') {
    if (a.slideMs !== b.slideMs)
      return `${show(a)} → ${show(b)}: saved panes are ${duration(a.slideMs)} long; merged as ${duration(b.slideMs)} panes they would count wrong`;
    if (a.sizeMs !== b.sizeMs)
      return `${show(a)} → ${show(b)}: windows firing after the restore merge panes the old size had already cleared or timers it set`;
  }
  if (a.kind === 'cumulate' && b.kind === 'cumulate') {
    if (a.stepMs !== b.stepMs)
      return `${show(a)} → ${show(b)}: saved panes are ${duration(a.stepMs)} steps; folded as ${duration(b.stepMs)} steps they would count wrong`;
    if (a.maxMs !== b.maxMs)
      return `${show(a)} → ${show(b)}: the accumulators cumulated since the old ${duration(a.maxMs)} window's start would be read as the new one's`;
  }
  return null;
}

function diffLate(id: string, a: Metric, b: Metric): Change[] {
  const lateSink = `metric.${id}.sink.late`;
  const before = a.late;
  const after = b.late;
  if (before.policy === 'side-output' && after.policy === 'drop-and-count') {
    return [
      change(
        'PARTIAL',
        'change',
        `${id}.late`,
        `late events are dropped and counted from the restore on (went to ${before.topic}); the late sink's ` +
          'transaction state is dropped (restore with allowNonRestoredState)',
        [lateSink],
        true,
      ),
    ];
  }
  if (before.policy === 'drop-and-count' && after.policy === 'side-output') {
    return [
      change(
        'SEMANTIC',
        'change',
        `${id}.late`,
        `late events go to ${after.topic} from the restore on (were dropped)`,
        [lateSink],
      ),
    ];
  }
  if (before.policy === 'side-output' && after.policy === 'side-output' && before.topic !== after.topic) {
    return [
      change(
        'SEMANTIC',
        'change',
        `${id}.late`,
        `late events go to ${after.topic} from the restore on (went to ${before.topic}); same sink uid and state`,
        [lateSink],
      ),
    ];
  }
  return [];
}

/** Accumulator fields of a metric's window state, from its manifest (the base's may come from an older compiler). */
function accumulatorFieldsOf(operators: readonly StateManifestOperator[]): Readonly<Record<string, string>> {
  for (const op of operators)
    for (const entry of op.state) if (entry.fields && op.kind === 'window') return entry.fields;
  return {};
}

function diffMeasure(
  subject: string,
  a: Measure,
  b: Measure,
  baseFields: Readonly<Record<string, string>>,
  headFields: Readonly<Record<string, string>>,
  windowUid: string,
  sourcesChanged: boolean,
): Change | null {
  const breaking = (reason: string) => change('BREAKING', 'change', subject, reason, [windowUid]);
  const fields = aggregationOf(b).accumulator(b);
  const retyped = fields.filter(
    (f) => baseFields[f.name] !== undefined && baseFields[f.name] !== headFields[f.name],
  );
  if (retyped.length > 0) {
    const list = retyped.map((f) => `${f.name} ${baseFields[f.name]!} → ${headFields[f.name]!}`).join(', ');
    const aggregation =
      describeAggregation(a) === describeAggregation(b)
        ? ''
        : `${describeAggregation(a)} → ${describeAggregation(b)}: `;
    return breaking(
      `${aggregation}accumulator field ${list}; Flink's POJO serializer cannot change a field’s type`,
    );
  }
  if (describeAggregation(a) !== describeAggregation(b)) {
    return breaking(
      `${describeAggregation(a)} → ${describeAggregation(b)}: the saved ${describeAggregation(a)} would restore as a ` +
        `${describeAggregation(b)}`,
    );
  }
  if (a.column !== b.column || a.nullable !== b.nullable) {
    return breaking(
      `column type ${columnType(a)} → ${columnType(b)}: the lake table's column changes type under the rows already written`,
    );
  }
  const semantic: string[] = [];
  // A measure over every source follows the metric's sources, reported once for the metric.
  if (!sourcesChanged && canonical(a.topics) !== canonical(b.topics))
    semantic.push(`reads ${b.topics.join(', ')} (was ${a.topics.join(', ')})`);
  if (a.kind === 'presence' && b.kind === 'presence') {
    if (!sameFn(a.member, b.member)) {
      return breaking(
        `member ${describeFnChange(a.member, b.member)}: presence state is keyed by the old member values`,
      );
    }
    if (b.ttlMs > a.ttlMs) {
      return breaking(
        `ttl ${duration(a.ttlMs)} → ${duration(b.ttlMs)}: members the old ttl expired were deleted from the ` +
          'presence state, so the longer ttl cannot count them',
      );
    }
    if (b.ttlMs < a.ttlMs)
      semantic.push(
        `ttl ${duration(a.ttlMs)} → ${duration(b.ttlMs)}: saved members expire by the new ttl at the next fire`,
      );
    if (!sameFn(a.joins, b.joins)) semantic.push(`joins ${describeFnChange(a.joins, b.joins)}`);
    if (!sameFn(a.leaves, b.leaves)) semantic.push(`leaves ${describeFnChange(a.leaves, b.leaves)}`);
  }
  if (a.kind === 'activity' && b.kind === 'activity') {
    if (!sameOptionalFn(a.value, b.value))
      semantic.push(`value ${describeOptionalFnChange(a.value, b.value)}`);
    if (!sameOptionalFn(a.where, b.where))
      semantic.push(`where ${describeOptionalFnChange(a.where, b.where)}`);
    // A percentile keeps every value: the same state answers another fraction from the next fire on.
    if (a.fraction !== b.fraction) semantic.push(`fraction ${String(a.fraction)} → ${String(b.fraction)}`);
    // A sketch saves its relativeError with its buckets: windows open at the restore answer within the old error
    // (a sliding window's new panes merge into them by bucket value, runtime DDSketch.merge); new windows, the new.
    if (a.relativeError !== b.relativeError)
      semantic.push(
        `relativeError ${String(a.relativeError)} → ${String(b.relativeError)}: open windows keep their old buckets`,
      );
  }
  if (semantic.length === 0) return null;
  return change(
    'SEMANTIC',
    'change',
    subject,
    `${semantic.join('; ')}: windows open at the restore hold events before it counted the old way`,
    [windowUid],
  );
}

function describeAggregation(m: Measure): string {
  return m.kind === 'presence' ? 'presence' : m.aggregation;
}

const columnType = (m: { column: string; nullable: boolean }) =>
  `${m.column}${m.nullable ? ' (nullable)' : ''}`;

function addedMeasureReason(m: Measure): string {
  if (m.kind === 'presence') {
    return (
      `new presence measure: its state presence.${m.name} starts empty, so members who joined before the restore ` +
      'count only once they join or leave again'
    );
  }
  const fields = aggregationOf(m).accumulator(m);
  return (
    `new ${m.aggregation}: windows open at the restore show it over events after the restore only ` +
    `(accumulator field ${fields.map(describeNewField).join(', ')}: POJO field added)`
  );
}

function describeNewField(field: JavaField): string {
  const initial =
    field.init !== undefined
      ? 'empty'
      : /^(long|int|double)$/.test(field.type)
        ? '0'
        : field.type === 'boolean'
          ? 'false'
          : 'null';
  return `${field.name} starts at ${initial}`;
}

function diffDerived(id: string, a: Metric, b: Metric): Change[] {
  const changes: Change[] = [];
  const next = new Map(b.derived.map((d) => [d.name, d]));
  const previous = new Set(a.derived.map((d) => d.name));
  for (const derived of a.derived) {
    const subject = `${id}.${derived.name}`;
    const edited = next.get(derived.name);
    if (!edited) {
      changes.push(
        change(
          'SEMANTIC',
          'remove',
          subject,
          'derived measure removed: no such column from the restore on',
          [],
        ),
      );
      continue;
    }
    const what: string[] = [];
    if (!sameFn(derived.fn, edited.fn)) what.push(describeFnChange(derived.fn, edited.fn));
    if (derived.column !== edited.column || derived.nullable !== edited.nullable)
      what.push(`column type ${columnType(derived)} → ${columnType(edited)}`);
    if (what.length > 0) {
      changes.push(
        change(
          'SEMANTIC',
          'change',
          subject,
          `${what.join('; ')}: every row from the restore on, open windows included (derived at fire, no state)`,
          [],
        ),
      );
    }
  }
  for (const derived of b.derived) {
    if (previous.has(derived.name)) continue;
    changes.push(
      change(
        'SEMANTIC',
        'add',
        `${id}.${derived.name}`,
        'new derived measure: in every row from the restore on, open windows included (derived at fire, no state)',
        [],
      ),
    );
  }
  return changes;
}

/** `having` filters rows at fire and holds no state: any edit is SEMANTIC, from the restore on. IR < 5 has none. */
function diffHaving(id: string, a: Fn | undefined, b: Fn | undefined): Change | null {
  const subject = `${id}.having`;
  const from = 'from the restore on, open windows included (filtered at fire, no state)';
  if (!a && !b) return null;
  if (!a) return change('SEMANTIC', 'add', subject, `rows failing having are no longer written, ${from}`, []);
  if (!b) return change('SEMANTIC', 'remove', subject, `rows having refused are written again, ${from}`, []);
  if (sameFn(a, b)) return null;
  return change(
    'SEMANTIC',
    'change',
    subject,
    `${describeFnChange(a, b)}: other rows are written, ${from}`,
    [],
  );
}

const sinkName = (s: Sink) => (s.kind === 'lake-table' ? `lake.${s.schema}.${s.table}` : `live.${s.topic}`);
const sinkUid = (metric: string, s: Sink) =>
  s.kind === 'lake-table' ? `metric.${metric}.sink.lake.${s.table}` : `metric.${metric}.sink.live.${s.topic}`;

function diffSinks(
  id: string,
  a: readonly Sink[],
  b: readonly Sink[],
  baseOps: readonly StateManifestOperator[],
): Change[] {
  const changes: Change[] = [];
  const after = new Set(b.map(sinkName));
  const before = new Set(a.map(sinkName));
  const baseUids = new Set(baseOps.map((op) => op.uid));
  for (const sink of a) {
    if (after.has(sinkName(sink))) continue;
    const uid = sinkUid(id, sink);
    const reuse = b.some((s) => sinkUid(id, s) === uid);
    changes.push(
      reuse
        ? change(
            'SEMANTIC',
            'change',
            `${id}.sink.${sinkName(sink)}`,
            `rows go to ${b.map(sinkName).join(', ')} from the restore on, through the same sink state`,
            [uid],
          )
        : change(
            'PARTIAL',
            'remove',
            `${id}.sink.${sinkName(sink)}`,
            `sink removed: its ${sink.kind === 'lake-table' ? 'file-sink bucket' : 'Kafka transaction'} state is ` +
              'dropped (restore with allowNonRestoredState); it gets no rows from the restore on',
            baseUids.has(uid) ? [uid] : [],
            true,
          ),
    );
  }
  for (const sink of b) {
    if (before.has(sinkName(sink)) || a.some((s) => sinkUid(id, s) === sinkUid(id, sink))) continue;
    changes.push(
      change(
        'SAFE',
        'add',
        `${id}.sink.${sinkName(sink)}`,
        'new sink: gets the rows of every window that fires after the restore (new uid, nothing to restore)',
        [sinkUid(id, sink)],
      ),
    );
  }
  return changes;
}

/**
 * The manifests are the Flink truth: a stateful operator that disappears, or state whose name, kind, class or
 * fields change, is reported even when no definition changed (a compiler upgrade can do that), unless a change
 * above already accounts for that operator.
 */
function unexplainedOperatorChanges(
  base: StateManifest,
  head: StateManifest,
  explained: readonly Change[],
): Change[] {
  const covered = new Set(explained.flatMap((c) => c.uids));
  const coveredMetrics = new Set(explained.filter((c) => c.action !== 'change').map((c) => c.subject));
  const headOps = new Map(head.operators.map((op) => [op.uid, op]));
  const changes: Change[] = [];
  for (const op of base.operators) {
    if (covered.has(op.uid) || (op.metric !== null && coveredMetrics.has(op.metric))) continue;
    const next = headOps.get(op.uid);
    if (!next) {
      if (op.state.length > 0) {
        changes.push(
          change(
            'PARTIAL',
            'remove',
            op.uid,
            'operator removed: its state is dropped (restore with allowNonRestoredState)',
            [op.uid],
            true,
          ),
        );
      }
      continue;
    }
    const problems = stateDifferences(op.state, next.state);
    if (problems.length > 0)
      changes.push(change('BREAKING', 'change', op.uid, problems.join('; '), [op.uid]));
  }
  return changes;
}

function stateDifferences(a: readonly StateManifestEntry[], b: readonly StateManifestEntry[]): string[] {
  const problems: string[] = [];
  const next = new Map(b.map((s) => [s.name, s]));
  for (const entry of a) {
    const edited = next.get(entry.name);
    if (!edited) {
      problems.push(`state ${entry.name} is no longer registered: its saved values are never read`);
      continue;
    }
    if (entry.kind !== edited.kind) problems.push(`state ${entry.name}: kind ${entry.kind} → ${edited.kind}`);
    if (entry.type !== edited.type)
      problems.push(`state ${entry.name}: class ${entry.type} → ${edited.type}`);
    for (const [field, type] of Object.entries(entry.fields ?? {})) {
      const now = edited.fields?.[field];
      if (now !== undefined && now !== type)
        problems.push(`state ${entry.name}: field ${field} ${type} → ${now}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Functions: equal when their translations are, whatever the source text says.

/** JSON without source positions or text: two definitions that mean the same compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'origin' || key === 'source' ? undefined : v));
}

const sameFn = (a: Fn, b: Fn) =>
  canonical(a.body) === canonical(b.body) && canonical(a.result) === canonical(b.result);
const sameOptionalFn = (a: Fn | null, b: Fn | null) => (a === null || b === null ? a === b : sameFn(a, b));

function describeOptionalFnChange(a: Fn | null, b: Fn | null): string {
  if (a === null) return `added: ${short(b!.source)}`;
  if (b === null) return `removed (was ${short(a.source)})`;
  return describeFnChange(a, b);
}

/** A constant the function reads changed (same source text), or the source text before → after. */
export function describeFnChange(a: Fn, b: Fn): string {
  const literals: [unknown, unknown][] = [];
  if (sameShape(a.body, b.body, literals) && literals.length > 0) {
    const shown = literals.map(([x, y]) => `${JSON.stringify(x)} → ${JSON.stringify(y)}`).join(', ');
    return `${literals.length === 1 ? 'a constant' : 'constants'} changed: ${shown}`;
  }
  if (a.source !== b.source) return `${short(a.source)} → ${short(b.source)}`;
  return 'its translation changed';
}

/** True when the trees differ only in literal values; collects those (old, new) pairs. */
function sameShape(a: unknown, b: unknown, literals: [unknown, unknown][]): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameShape(x, b[i], literals));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  if (x.kind === 'literal' && y.kind === 'literal' && canonical(x.type) === canonical(y.type)) {
    if (x.value !== y.value) literals.push([x.value, y.value]);
    return true;
  }
  const keys = Object.keys(x).filter((k) => k !== 'origin' && k !== 'source');
  if (keys.length !== Object.keys(y).filter((k) => k !== 'origin' && k !== 'source').length) return false;
  return keys.every((k) => sameShape(x[k], y[k], literals));
}

const short = (source: string) => {
  const flat = source.replace(/\s+/g, ' ').trim();
  return `\`${flat.length > 60 ? `${flat.slice(0, 59)}…` : flat}\``;
};

/** A duration as the DSL writes it: 30000 → 30s, 14400000 → 4h. */
export function duration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [unit, size] of units) if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
