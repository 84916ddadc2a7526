// What each aggregation means on Flink, in one place: the fields it adds to a metric's input, its window state (the
// accumulator fields the state manifest records), how an event is added, how two accumulators merge, its value in
// the row, and its form in a sliding metric's pre-aggregated partial. The evaluator's meaning of the same aggregation
// is evaluator/src/measures.ts; docs/SEMANTICS.md is the contract both follow. A new aggregation is one entry here,
// its lowering in lower.ts, its evaluator case and their tests.
import { javaDouble } from './emit/java-expr';
import type { ActivityAggregation, Fn, Measure, PresenceMeasure } from './ir';

export interface JavaField {
  readonly type: string;
  readonly name: string;
  /** The initial value, when not Java's default. */
  readonly init?: string;
  readonly doc?: string;
}

/** A per-event function of a measure, emitted once per topic the measure reads. */
export interface MeasureFunction {
  readonly role: string;
  readonly fn: Fn;
  /** Java kind of the result when the IR leaves it open (a count's `where`). */
  readonly resultKind?: 'boolean' | 'String';
}

export interface Aggregation {
  readonly functions: (m: Measure) => MeasureFunction[];
  /** Fields of the metric's input class: the event's contribution. */
  readonly input: (m: Measure) => JavaField[];
  /** Statements of toInput for one event `e`; `call(role)` calls the measure's function for it. */
  readonly toInput: (m: Measure, call: (role: string) => string) => string[];
  /** The window accumulator's fields: keyed state, so renaming or retyping one breaks a restore. */
  readonly accumulator: (m: Measure) => JavaField[];
  /** Adds input `in` to accumulator `acc`. */
  readonly add: (m: Measure) => string[];
  /** Adds accumulator `from` into `into` (a pane into a window, two windows Flink merges). */
  readonly merge: (m: Measure) => string[];
  /** The row's value from accumulator `acc` (and, for presence, the key's state and the window's `end`). */
  readonly result: (m: Measure) => string;
  /** A sliding metric's partial; absent: the partial carries the accumulator's fields and logic. */
  readonly partial?: {
    readonly fields: (m: Measure) => JavaField[];
    /** Adds input `in` to partial `acc`. */
    readonly add: (m: Measure) => string[];
    /** Appends partial `from` to `into`. */
    readonly merge: (m: Measure) => string[];
    /** Partial `acc`, before it is sent. */
    readonly finish: (m: Measure) => string[];
    /** Adds partial `from` to pane accumulator `into`, as adding its events one by one would. */
    readonly addTo: (m: Measure) => string[];
  };
}

const nullableDouble = (m: Measure): JavaField[] => [
  { type: 'Double', name: m.name, doc: 'null when the event does not take part or its value is null.' },
];

/** The input of a value aggregation: the value when `where` holds (or always), else null. */
function valueInput(m: Measure, call: (role: string) => string): string[] {
  const activity = m as Extract<Measure, { kind: 'activity' }>;
  const value =
    activity.value!.result.base === 'number' && !activity.value!.result.nullable
      ? `Double.valueOf(${call('value')})`
      : call('value');
  return [`in.${m.name} = ${activity.where ? `${call('where')} ? ${value} : null` : value};`];
}

function valueFunctions(m: Measure): MeasureFunction[] {
  const activity = m as Extract<Measure, { kind: 'activity' }>;
  return [
    { role: 'value', fn: activity.value! },
    ...(activity.where ? [{ role: 'where', fn: activity.where }] : []),
  ];
}

/** Non-null values kept in arrival order (runtime PaneValues): a percentile's state, a sliding partial's sums. */
const valueList = {
  fields: (m: Measure): JavaField[] => [
    {
      type: 'double[]',
      name: `${m.name}_values`,
      init: 'PaneValues.NONE',
      doc: `The non-null values in arrival order: the first ${m.name}_count.`,
    },
    { type: 'long', name: `${m.name}_count` },
  ],
  add: (m: Measure) => [
    `if (in.${m.name} != null) acc.${m.name}_values = PaneValues.append(acc.${m.name}_values, acc.${m.name}_count++, in.${m.name});`,
  ],
  merge: (m: Measure) => [
    `into.${m.name}_values = PaneValues.concat(into.${m.name}_values, into.${m.name}_count, from.${m.name}_values, from.${m.name}_count);`,
    `into.${m.name}_count += from.${m.name}_count;`,
  ],
  finish: (m: Measure) => [
    `acc.${m.name}_values = PaneValues.trim(acc.${m.name}_values, acc.${m.name}_count);`,
  ],
};

/** Sums and averages keep a partial's values in arrival order, so that a pane adds them exactly as it would have
 * added the events (SEMANTICS.md, summation order). */
const inOrderValues = (sum: (m: Measure) => string, count: (m: Measure) => string[]) => ({
  ...valueList,
  addTo: (m: Measure) => [
    `${sum(m)} = PaneValues.addInOrder(${sum(m)}, from.${m.name}_values, from.${m.name}_count);`,
    ...count(m),
  ],
});

const extreme = (fn: 'min' | 'max'): Aggregation => {
  const keep = (into: string, from: string) => (m: Measure) => [
    `if (${from}.${m.name} != null) ${into}.${m.name} = ${into}.${m.name} == null ? ${from}.${m.name} : Double.valueOf(Math.${fn}(${into}.${m.name}, ${from}.${m.name}));`,
  ];
  return {
    functions: valueFunctions,
    input: nullableDouble,
    toInput: valueInput,
    accumulator: (m) => [{ type: 'Double', name: m.name }],
    add: keep('acc', 'in'),
    merge: keep('into', 'from'),
    result: (m) => `acc.${m.name}`,
  };
};

/**
 * first/last: the value of the earliest/latest event by time among those with a non-null value, with its time. Ties
 * go by arrival: `from` always arrived after `into` (a later partial of a pane, or a later pane, whose events are
 * all later), so first keeps `into` on a tie and last takes `from`, as adding the events one by one would.
 */
const pick = (which: 'first' | 'last'): Aggregation => {
  const javaType = (m: Measure) =>
    ({ number: 'Double', string: 'String', boolean: 'Boolean' })[
      (m as Extract<Measure, { kind: 'activity' }>).value!.result.base as 'number' | 'string' | 'boolean'
    ];
  const wins = (into: string, fromTime: string) => (m: Measure) =>
    which === 'first' ? `${fromTime} < ${into}.${m.name}_time` : `${into}.${m.name}_time <= ${fromTime}`;
  const keep = (into: string, from: string, fromTime: string) => (m: Measure) => [
    `if (${from}.${m.name} != null && (${into}.${m.name} == null || ${wins(into, fromTime)(m)})) {`,
    `  ${into}.${m.name} = ${from}.${m.name};`,
    `  ${into}.${m.name}_time = ${fromTime};`,
    '}',
  ];
  return {
    functions: valueFunctions,
    input: (m) => [
      {
        type: javaType(m),
        name: m.name,
        doc: 'null when the event does not take part or its value is null.',
      },
    ],
    toInput: (m, call) => {
      const activity = m as Extract<Measure, { kind: 'activity' }>;
      // A primitive double or boolean is boxed; a String already is a reference.
      const value =
        activity.value!.result.nullable || activity.value!.result.base === 'string'
          ? call('value')
          : `${javaType(m)}.valueOf(${call('value')})`;
      return [`in.${m.name} = ${activity.where ? `${call('where')} ? ${value} : null` : value};`];
    },
    accumulator: (m) => [
      { type: javaType(m), name: m.name, doc: `The ${which} non-null value; null when none yet.` },
      { type: 'long', name: `${m.name}_time`, doc: `The event time of ${m.name}.` },
    ],
    add: (m) => keep('acc', 'in', 'in.timestamp')(m),
    merge: (m) => keep('into', 'from', `from.${m.name}_time`)(m),
    result: (m) => `acc.${m.name}`,
  };
};

const ACTIVITY: Readonly<Record<ActivityAggregation, Aggregation>> = {
  count: {
    functions: (m) => {
      const where = (m as Extract<Measure, { kind: 'activity' }>).where;
      return where ? [{ role: 'where', fn: where, resultKind: 'boolean' }] : [];
    },
    input: (m) => [{ type: 'boolean', name: m.name }],
    toInput: (m, call) => [
      `in.${m.name} = ${(m as Extract<Measure, { kind: 'activity' }>).where ? call('where') : 'true'};`,
    ],
    accumulator: (m) => [{ type: 'long', name: m.name }],
    add: (m) => [`if (in.${m.name}) acc.${m.name}++;`],
    merge: (m) => [`into.${m.name} += from.${m.name};`],
    result: (m) => `acc.${m.name}`,
  },
  countDistinct: {
    functions: valueFunctions,
    input: (m) =>
      (m as Extract<Measure, { kind: 'activity' }>).value!.result.base === 'string'
        ? [{ type: 'String', name: m.name }]
        : nullableDouble(m),
    toInput: valueInput,
    accumulator: (m) => [
      {
        type: `Map<${(m as Extract<Measure, { kind: 'activity' }>).value!.result.base === 'number' ? 'Double' : 'String'}, Boolean>`,
        name: m.name,
        init: 'new HashMap<>()',
      },
    ],
    add: (m) => [
      // Distinct as JavaScript's Set: -0 and 0 are one value, NaN is one value.
      `if (in.${m.name} != null) acc.${m.name}.put(${(m as Extract<Measure, { kind: 'activity' }>).value!.result.base === 'number' ? `Js.sameValueZero(in.${m.name})` : `in.${m.name}`}, Boolean.TRUE);`,
    ],
    merge: (m) => [`into.${m.name}.putAll(from.${m.name});`],
    result: (m) => `acc.${m.name}.size()`,
  },
  sum: {
    functions: valueFunctions,
    input: nullableDouble,
    toInput: valueInput,
    accumulator: (m) => [{ type: 'double', name: m.name }],
    add: (m) => [`if (in.${m.name} != null) acc.${m.name} += in.${m.name};`],
    merge: (m) => [`into.${m.name} += from.${m.name};`],
    result: (m) => `acc.${m.name}`,
    partial: inOrderValues(
      (m) => `into.${m.name}`,
      () => [],
    ),
  },
  avg: {
    functions: valueFunctions,
    input: nullableDouble,
    toInput: valueInput,
    accumulator: (m) => [
      { type: 'double', name: `${m.name}_sum` },
      { type: 'long', name: `${m.name}_count` },
    ],
    add: (m) => [
      `if (in.${m.name} != null) {`,
      `  acc.${m.name}_sum += in.${m.name};`,
      `  acc.${m.name}_count++;`,
      '}',
    ],
    merge: (m) => [
      `into.${m.name}_sum += from.${m.name}_sum;`,
      `into.${m.name}_count += from.${m.name}_count;`,
    ],
    result: (m) =>
      `acc.${m.name}_count == 0 ? null : Double.valueOf(acc.${m.name}_sum / acc.${m.name}_count)`,
    partial: inOrderValues(
      (m) => `into.${m.name}_sum`,
      (m) => [`into.${m.name}_count += from.${m.name}_count;`],
    ),
  },
  min: extreme('min'),
  max: extreme('max'),
  // Exact: every value is kept (in arrival order, as a partial keeps a sum's), sorted when the window fires.
  percentile: {
    functions: valueFunctions,
    input: nullableDouble,
    toInput: valueInput,
    accumulator: valueList.fields,
    add: valueList.add,
    merge: valueList.merge,
    result: (m) =>
      `Js.percentile(acc.${m.name}_values, acc.${m.name}_count, ${javaDouble((m as Extract<Measure, { kind: 'activity' }>).fraction!)})`,
  },
  // Bounded: the runtime's DDSketch (a POJO) holds the window's buckets. A sliding partial is a sketch as well and
  // panes merge by adding counts, which gives the buckets one sketch of all the events would hold (SEMANTICS.md).
  approxPercentile: {
    functions: valueFunctions,
    input: nullableDouble,
    toInput: valueInput,
    accumulator: (m) => [
      {
        type: 'DDSketch',
        name: `${m.name}_sketch`,
        init: `new DDSketch(${javaDouble((m as Extract<Measure, { kind: 'activity' }>).relativeError!)})`,
        doc: 'The non-null values in buckets of its relativeError (saved with them).',
      },
    ],
    add: (m) => [`if (in.${m.name} != null) acc.${m.name}_sketch.add(in.${m.name});`],
    merge: (m) => [`into.${m.name}_sketch.merge(from.${m.name}_sketch);`],
    result: (m) =>
      `acc.${m.name}_sketch.quantile(${javaDouble((m as Extract<Measure, { kind: 'activity' }>).fraction!)})`,
  },
  first: pick('first'),
  last: pick('last'),
};

/** The running gauge of members present (SEMANTICS.md, presence): newest join or leave per member. */
const PRESENCE: Aggregation = {
  functions: (m) => {
    const p = m as PresenceMeasure;
    return [
      { role: 'member', fn: p.member, resultKind: 'String' },
      { role: 'joins', fn: p.joins, resultKind: 'boolean' },
      { role: 'leaves', fn: p.leaves, resultKind: 'boolean' },
    ];
  },
  input: (m) => [
    {
      type: 'String',
      name: `${m.name}_member`,
      doc: 'Member of a join or leave, null when the event is neither.',
    },
    { type: 'boolean', name: `${m.name}_leave` },
  ],
  // An event that is both a join and a leave counts as a join (joins are tested first).
  toInput: (m, call) => [
    `if (${call('joins')}) {`,
    `  in.${m.name}_member = ${call('member')};`,
    `} else if (${call('leaves')}) {`,
    `  in.${m.name}_member = ${call('member')};`,
    `  in.${m.name}_leave = true;`,
    '}',
  ],
  accumulator: (m) => [{ type: 'Map<String, Long>', name: m.name, init: 'new HashMap<>()' }],
  add: (m) => [
    `if (in.${m.name}_member != null) {`,
    `  Js.presenceKeepNewer(acc.${m.name}, in.${m.name}_member, Js.presenceEntry(in.timestamp, in.${m.name}_leave));`,
    '}',
  ],
  merge: (m) => [
    `from.${m.name}.forEach((member, entry) -> Js.presenceKeepNewer(into.${m.name}, member, entry));`,
  ],
  result: (m) =>
    `Js.presenceGauge(presence.presence(${presenceStateField(m.name)}), acc.${m.name}, end, ${(m as PresenceMeasure).ttlMs}L)`,
};

export function aggregationOf(measure: Measure): Aggregation {
  return measure.kind === 'presence' ? PRESENCE : ACTIVITY[measure.aggregation];
}

/** The Java constant holding a presence measure's state descriptor. */
export function presenceStateField(measure: string): string {
  return `${measure.toUpperCase()}_STATE`;
}

/** Java type of each accumulator field, for the state manifest. */
export function accumulatorFields(metric: { readonly measures: readonly Measure[] }): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const measure of metric.measures)
    for (const field of aggregationOf(measure).accumulator(measure)) fields[field.name] = field.type;
  return fields;
}
