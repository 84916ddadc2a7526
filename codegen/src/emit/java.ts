// Plan + IR → the Java source of one job class (DESIGN §6). The class holds only what is specific to its metrics:
// its envelope and sources, and per metric the input, accumulator, row and (sliding) partial classes, the author's
// functions and the metric's add/merge/row logic. Everything else (decoding, watermarks, operators, sinks, main) is
// the runtime's, behind GeneratedJob. Emitted in IR order with the JavaWriter, so the same input gives the same bytes.
import type { JavaField, MeasureFunction } from '../aggregations';
import { aggregationOf, presenceStateField } from '../aggregations';
import type { Fn, Job, Measure, Metric, SchemaField, Source } from '../ir';
import type { Plan } from '../plan';
import { pascalCase, presenceStateTtlMs } from '../plan';
import type { JavaEnv, JavaKind, JavaValue } from './java-expr';
import { emitFnBody, javaString, javaTypeOf, kindOf } from './java-expr';
import { importsFor, JavaWriter } from './java-writer';
import { describeWindow, usesPanes } from '../window';
import { describeKey, keyFields } from '../../../dsl';

export const JAVA_PACKAGE = 'io.collabstream.jobs';
export const JAVA_DIR = 'src/main/java/io/collabstream/jobs';
export const JAVA_TEST_DIR = 'src/test/java/io/collabstream/jobs';

/** Avro's specific-compiler getter name: event_id → getEventId. */
export function getter(field: string): string {
  return `get${pascalCase(field)}`;
}

function simpleClass(record: string): string {
  return record.split('.').pop()!;
}

/** How a per-event function reads a field of `e`, as a JavaScript value. */
function fieldReader(field: SchemaField): JavaValue {
  const get = `e.${getter(field.name)}()`;
  switch (field.physical) {
    case 'string':
      return { code: get, kind: 'String' };
    case 'enum':
      return { code: field.nullable ? `Js.enumName(${get})` : `${get}.name()`, kind: 'String' };
    case 'boolean':
      return { code: get, kind: field.nullable ? 'Boolean' : 'boolean' };
    case 'long':
      if (field.logicalType === 'timestamp-millis')
        return {
          code: field.nullable ? `Js.epochMillis(${get})` : `((double) ${get}.toEpochMilli())`,
          kind: field.nullable ? 'Double' : 'double',
        };
      return {
        code: field.nullable ? `Js.widen(${get})` : `((double) ${get})`,
        kind: field.nullable ? 'Double' : 'double',
      };
    case 'int':
    case 'float':
      // Integers are widened exactly as JavaScript sees them: every int and long below 2^53 is a double.
      return {
        code: field.nullable ? `Js.widen(${get})` : `((double) ${get})`,
        kind: field.nullable ? 'Double' : 'double',
      };
    case 'double':
      return { code: get, kind: field.nullable ? 'Double' : 'double' };
  }
}

const notHere = (what: string) => () => {
  throw new Error(`compiler bug: ${what}`);
};

function eventEnv(source: Source): JavaEnv {
  return {
    field: (name) => {
      const field = source.schema.fields.find((f) => f.name === name);
      if (!field) throw new Error(`compiler bug: ${name} not in ${source.topic}`);
      return fieldReader(field);
    },
    measure: notHere('measure in a per-event function'),
    window: notHere('window in a per-event function'),
  };
}

/**
 * A derived function (or `having`) reads the row `m` of its window: measures as JavaScript numbers, bigint counts
 * widened; `having` also reads the derived measures already in the row.
 */
function derivedEnv(metric: Metric): JavaEnv {
  // A cumulating window's length grows step by step and a session's is its own: their seconds are the row's own
  // (the same doubles as JS); the other windows' is a constant.
  const fixed =
    metric.window.kind === 'cumulate' || metric.window.kind === 'session'
      ? null
      : String(metric.window.sizeMs / 1000);
  const seconds = fixed ?? '((double) (m.window_end - m.window_start) / 1000.0)';
  return {
    field: notHere('field in a derived function'),
    measure: (name) => {
      const measure = metric.measures.find((x) => x.name === name);
      if (!measure) {
        const derived = metric.derived.find((x) => x.name === name)!;
        return {
          code: `m.${name}`,
          kind: kindOf({ base: derived.fn.result.base, nullable: derived.nullable }),
        };
      }
      if (measure.nullable) return { code: `m.${name}`, kind: 'Double' };
      return { code: measure.column === 'bigint' ? `((double) m.${name})` : `m.${name}`, kind: 'double' };
    },
    window: (name) => ({
      code:
        name === 'seconds'
          ? fixed === null || seconds.includes('.')
            ? seconds
            : `${seconds}.0`
          : `((double) m.window_${name})`,
      kind: 'double',
    }),
  };
}

function authorComment(fn: Fn): string {
  const oneLine = fn.source.replace(/\s+/g, ' ');
  return `// ${fn.origin.file}:${fn.origin.line}: ${oneLine.length > 100 ? oneLine.slice(0, 97) + '...' : oneLine}`;
}

function method(out: JavaWriter, signature: string, fn: Fn, env: JavaEnv, resultKind: JavaKind): void {
  out.line(authorComment(fn));
  out.block(signature, () => out.lines(emitFnBody(fn, env, resultKind, '')));
  out.line();
}

function rowJavaType(column: Metric['columns'][number]): string {
  switch (column.type) {
    case 'bigint':
    case 'timestamp':
      return 'long';
    case 'double':
      return column.nullable ? 'Double' : 'double';
    case 'boolean':
      return column.nullable ? 'Boolean' : 'boolean';
    case 'varchar':
    case 'date':
      return 'String';
  }
}

/** The Avro schema of a lake row: the columns without the partition column `date`, which lives in the path. */
export function rowAvroSchema(metric: Metric, className: string): string {
  const fields = metric.columns
    .filter((c) => c.type !== 'date')
    .map((c) => {
      const base =
        c.type === 'timestamp'
          ? { type: 'long', logicalType: 'timestamp-millis' }
          : c.type === 'bigint'
            ? 'long'
            : c.type === 'double'
              ? 'double'
              : c.type === 'boolean'
                ? 'boolean'
                : 'string';
      return c.nullable
        ? { name: c.name, type: ['null', base], default: null }
        : { name: c.name, type: base };
    });
  return JSON.stringify({ type: 'record', name: className, namespace: `${JAVA_PACKAGE}.rows`, fields });
}

function fields(out: JavaWriter, all: readonly JavaField[]): void {
  for (const field of all) {
    if (field.doc) out.doc(field.doc);
    out.line(`public ${field.type} ${field.name}${field.init ? ` = ${field.init}` : ''};`);
  }
}

/** A POJO nested class: public fields and a public no-argument constructor (Flink's POJO rules, no Kryo). */
function pojo(out: JavaWriter, doc: string, header: string, name: string, body: () => void): void {
  out.doc(doc);
  out.block(`public static class ${name}${header}`, () => {
    body();
    out.line();
    out.line(`public ${name}() {}`);
  });
  out.line();
}

/** The names of one metric's classes. */
interface MetricNames {
  readonly metric: string;
  readonly input: string;
  readonly accumulator: string;
  readonly row: string;
  readonly partial: string;
}

function namesOf(metric: Metric): MetricNames {
  const P = pascalCase(metric.id);
  // The accumulator's name is in every savepoint (window state): never rename it.
  return {
    metric: P,
    input: `${P}Input`,
    accumulator: `${P}Accumulator`,
    row: `${P}Row`,
    partial: `${P}Partial`,
  };
}

const fnName = (measure: Measure, role: string) => `${measure.name}_${role}`;

function functionKind(f: MeasureFunction): JavaKind {
  return f.resultKind ?? kindOf(f.fn.result);
}

function emitRow(out: JavaWriter, metric: Metric, names: MetricNames): void {
  pojo(
    out,
    `One output row of ${metric.id}, columns in row order (SEMANTICS.md).`,
    ' implements MetricRow',
    names.row,
    () => {
      for (const column of metric.columns) out.line(`public ${rowJavaType(column)} ${column.name};`);
      out.line();
      out.doc('Avro schema of the lake rows (without the partition column).');
      out.continued('public static final String AVRO_SCHEMA =', [
        `${javaString(rowAvroSchema(metric, names.row))};`,
      ]);
      out.line();
      out.line('@Override');
      out.block('public String key()', () =>
        out.line(
          typeof metric.key === 'string'
            ? `return ${metric.key};`
            : `return CompositeKey.of(${metric.key.join(', ')});`,
        ),
      );
      out.line();
      out.line('@Override');
      out.block('public long windowEnd()', () => out.line('return window_end;'));
      out.line();
      out.line('@Override');
      out.block('public String toJson()', () => {
        out.line('StringBuilder json = new StringBuilder("{");');
        metric.columns.forEach((column, index) => {
          const key = javaString(`${index === 0 ? '' : ','}"${column.name}":`);
          const value =
            column.type === 'varchar' || column.type === 'date'
              ? `Js.jsonString(${column.name})`
              : column.type === 'boolean'
                ? `String.valueOf(${column.name})`
                : column.type === 'bigint' || column.type === 'timestamp'
                  ? `Long.toString(${column.name})`
                  : `Js.jsonNumber(${column.name})`;
          out.line(`json.append(${key}).append(${value});`);
        });
        out.line("return json.append('}').toString();");
      });
      out.line();
      out.line('@Override');
      out.block('public GenericRecord toAvro(Schema schema)', () => {
        out.line('GenericRecord record = new GenericData.Record(schema);');
        for (const column of metric.columns)
          if (column.type !== 'date') out.line(`record.put(${javaString(column.name)}, ${column.name});`);
        out.line('return record;');
      });
    },
  );
}

function specExpression(metric: Metric, names: MetricNames): string[] {
  // A session metric carries its gap and maxDuration itself (SessionMetric); its spec has no size.
  const window =
    metric.window.kind === 'tumbling'
      ? `.tumbling(${metric.window.sizeMs}L)`
      : metric.window.kind === 'sliding'
        ? `.sliding(${metric.window.sizeMs}L, ${metric.window.slideMs}L)`
        : metric.window.kind === 'cumulate'
          ? `.cumulate(${metric.window.stepMs}L, ${metric.window.maxMs}L)`
          : null;
  const sinks = metric.sinks.map((sink) =>
    sink.kind === 'lake-table'
      ? `new MetricSink.LakeTable(${javaString(sink.schema)}, ${javaString(sink.table)})`
      : `new MetricSink.LiveTopic(${javaString(sink.topic)})`,
  );
  return [
    `MetricSpec.of(${javaString(metric.id)}, ${javaString(describeKey(metric.key))}, ${names.input}.class, ${names.accumulator}.class, ${names.row}.class)`,
    ...(window ? [`    ${window}`] : []),
    ...(metric.late.policy === 'side-output' ? [`    .lateTo(${javaString(metric.late.topic)})`] : []),
    ...(metric.window.kind === 'session'
      ? [
          `    .sinks(${sinks.join(', ')}),`,
          `${metric.window.gapMs}L,`,
          `${metric.window.maxDurationMs ?? 0}L);`,
        ]
      : [`    .sinks(${sinks.join(', ')}));`]),
  ];
}

function emitMetricClass(out: JavaWriter, job: Job, metric: Metric, names: MetricNames): void {
  const sliding = usesPanes(metric.window);
  const presence = metric.measures.filter((m) => m.kind === 'presence');
  const base = sliding
    ? `SlidingMetric<Envelope, ${names.input}, ${names.partial}, ${names.accumulator}, ${names.row}>`
    : `${metric.window.kind === 'session' ? 'Session' : 'Tumbling'}Metric<Envelope, ${names.input}, ${names.accumulator}, ${names.row}>`;
  out.doc(
    `Metric ${metric.id} v${metric.version}${metric.description ? `: ${metric.description}` : ''}`,
    '',
    `<p>${describeWindow(metric.window).replace(/^./, (c) => c.toUpperCase())} windows by ${describeKey(metric.key)}; late events ${metric.late.policy === 'side-output' ? `to ${metric.late.topic}` : 'dropped and counted'}.`,
  );
  out.block(`static final class ${names.metric} extends ${base}`, () => {
    out.line('private static final long serialVersionUID = 1L;');
    for (const m of presence) {
      const ttl = (m as Extract<Measure, { kind: 'presence' }>).ttlMs;
      out.line(
        `static final MapStateDescriptor<String, Long> ${presenceStateField(m.name)} = PresenceStates.descriptor(${javaString(`presence.${m.name}`)}, ${presenceStateTtlMs(ttl)}L);`,
      );
    }
    out.line();
    out.block(`${names.metric}()`, () => out.continued('super(', specExpression(metric, names)));
    out.line();
    emitToInput(out, job, metric, names);
    emitAccumulation(out, metric, names);
    if (sliding) emitPartialLogic(out, metric, names);
    emitRowOf(out, metric, names, presence.length > 0);
    out.line('@Override');
    out.block('public String avroSchema()', () => out.line(`return ${names.row}.AVRO_SCHEMA;`));
    out.line();
    emitAuthorFunctions(out, job, metric, names);
  });
  out.line();
}

function emitToInput(out: JavaWriter, job: Job, metric: Metric, names: MetricNames): void {
  const keepRecord = metric.late.policy === 'side-output';
  out.line('@Override');
  out.block(`public ${names.input} toInput(Envelope envelope)`, () => {
    out.block('switch (envelope.topic)', () => {
      for (const topic of metric.sources) {
        const source = job.sources.find((s) => s.topic === topic)!;
        out.block(`case ${javaString(topic)}:`, () => {
          out.line(`${simpleClass(source.schema.record)} e = envelope.${topic};`);
          out.line(`${names.input} in = new ${names.input}();`);
          const parts = keyFields(metric.key).map((field) => `e.${getter(field)}()`);
          const key = typeof metric.key === 'string' ? parts[0] : `CompositeKey.of(${parts.join(', ')})`;
          out.line(`in.from(envelope, ${key}, ${keepRecord});`);
          for (const measure of metric.measures) {
            if (!measure.topics.includes(topic)) continue;
            out.lines(aggregationOf(measure).toInput(measure, (role) => `${fnName(measure, role)}(e)`));
          }
          out.line('return in;');
        });
      }
      out.line('default:');
      out.line('  return null; // a topic this metric does not read');
    });
  });
  out.line();
}

function emitAccumulation(out: JavaWriter, metric: Metric, names: MetricNames): void {
  out.line('@Override');
  out.block(`public ${names.accumulator} createAccumulator()`, () =>
    out.line(`return new ${names.accumulator}();`),
  );
  out.line();
  out.line('@Override');
  out.block(`public void add(${names.input} in, ${names.accumulator} acc)`, () => {
    for (const m of metric.measures) out.lines(aggregationOf(m).add(m));
  });
  out.line();
  out.line('@Override');
  out.block(`public void merge(${names.accumulator} into, ${names.accumulator} from)`, () => {
    for (const m of metric.measures) out.lines(aggregationOf(m).merge(m));
  });
  out.line();
}

function emitPartialLogic(out: JavaWriter, metric: Metric, names: MetricNames): void {
  const each = (body: (m: Measure) => string[]) => () => {
    for (const m of metric.measures) out.lines(body(m));
  };
  const partial = (m: Measure) => aggregationOf(m).partial;
  const P = names.partial;
  out.line('@Override');
  out.block(`public Class<${P}> partialClass()`, () => out.line(`return ${P}.class;`));
  out.line();
  out.line('@Override');
  out.block(`public ${P} createPartial()`, () => out.line(`return new ${P}();`));
  out.line();
  out.line('@Override');
  out.block(
    `public void addToPartial(${names.input} in, ${P} acc)`,
    each((m) => (partial(m) ?? aggregationOf(m)).add(m)),
  );
  out.line();
  out.line('@Override');
  out.block(
    `public void mergePartials(${P} into, ${P} from)`,
    each((m) => (partial(m) ?? aggregationOf(m)).merge(m)),
  );
  out.line();
  out.line('@Override');
  out.block(
    `public void finishPartial(${P} acc)`,
    each((m) => partial(m)?.finish(m) ?? []),
  );
  out.line();
  out.line('@Override');
  out.block(
    `public void addPartial(${names.accumulator} into, ${P} from)`,
    each((m) => partial(m)?.addTo(m) ?? aggregationOf(m).merge(m)),
  );
  out.line();
}

function emitRowOf(out: JavaWriter, metric: Metric, names: MetricNames, readsPresence: boolean): void {
  out.line('@Override');
  out.block(
    `public ${names.row} row(String key, long start, long end, ${names.accumulator} acc, PresenceLookup presence)${readsPresence ? ' throws Exception' : ''}`,
    () => {
      out.line(`${names.row} row = new ${names.row}();`);
      if (typeof metric.key === 'string') out.line(`row.${metric.key} = key;`);
      else {
        out.line(`String[] parts = CompositeKey.parts(key, ${metric.key.length});`);
        metric.key.forEach((field, i) => out.line(`row.${field} = parts[${i}];`));
      }
      out.line('row.window_start = start;');
      out.line('row.window_end = end;');
      for (const m of metric.measures) out.line(`row.${m.name} = ${aggregationOf(m).result(m)};`);
      // A non-finite derived number is null (SEMANTICS.md), as the evaluator writes it.
      for (const derived of metric.derived)
        out.line(
          `row.${derived.name} = ${derived.column === 'double' ? `Js.finiteOrNull(${derived.name}(row))` : `${derived.name}(row)`};`,
        );
      out.line('row.date = Js.utcDate(row.window_start);');
      out.line('return row;');
    },
  );
  out.line();
  if (metric.having) {
    // The row is built (presence state advanced) before this decides whether any sink sees it.
    out.line('@Override');
    out.block(`public boolean keep(${names.row} row)`, () => out.line('return having(row);'));
    out.line();
  }
}

function emitAuthorFunctions(out: JavaWriter, job: Job, metric: Metric, names: MetricNames): void {
  // One method per (function, topic): the same arrow function reads each source's own event class.
  for (const measure of metric.measures) {
    for (const topic of measure.topics) {
      const source = job.sources.find((s) => s.topic === topic)!;
      for (const f of aggregationOf(measure).functions(measure)) {
        const kind = functionKind(f);
        method(
          out,
          `static ${javaTypeOf(kind)} ${fnName(measure, f.role)}(${simpleClass(source.schema.record)} e)`,
          f.fn,
          eventEnv(source),
          kind,
        );
      }
    }
  }
  const env = derivedEnv(metric);
  for (const derived of metric.derived) {
    const kind = kindOf(derived.fn.result);
    method(out, `static ${javaTypeOf(kind)} ${derived.name}(${names.row} m)`, derived.fn, env, kind);
  }
  if (metric.having) method(out, `static boolean having(${names.row} m)`, metric.having, env, 'boolean');
}

function emitMetricClasses(out: JavaWriter, metric: Metric, names: MetricNames): void {
  out.line(`// ======== metric ${metric.id} v${metric.version} ========`);
  out.line();
  pojo(
    out,
    `One event of ${metric.id}, reduced to its key, time and per-measure contributions.`,
    ' extends MetricInput',
    names.input,
    () => {
      for (const m of metric.measures) fields(out, aggregationOf(m).input(m));
    },
  );
  pojo(
    out,
    `Window state of ${metric.id}: one mergeable accumulator per key and window (in every savepoint).`,
    '',
    names.accumulator,
    () => {
      for (const m of metric.measures) fields(out, aggregationOf(m).accumulator(m));
    },
  );
  if (usesPanes(metric.window))
    pojo(
      out,
      `Some events of one pane of ${metric.id} for one key, aggregated before keyBy.`,
      ' extends PanePartial',
      names.partial,
      () => {
        for (const m of metric.measures) {
          const aggregation = aggregationOf(m);
          fields(out, aggregation.partial?.fields(m) ?? aggregation.accumulator(m));
        }
      },
    );
  emitRow(out, metric, names);
}

function emitSources(out: JavaWriter, job: Job): void {
  const keysByTopic = new Map<string, Set<string>>();
  for (const metric of job.metrics)
    for (const topic of metric.sources)
      for (const field of keyFields(metric.key))
        (keysByTopic.get(topic) ?? keysByTopic.set(topic, new Set()).get(topic)!).add(field);
  out.line('@Override');
  out.block('public List<JobSource<Envelope, ?>> sources()', () => {
    out.line('return List.of(');
    job.sources.forEach((s, i) => {
      const C = simpleClass(s.schema.record);
      const keys = [...(keysByTopic.get(s.topic) ?? [])].sort().map(javaString).join(', ');
      out.lines([
        `    JobSource.of(${javaString(s.topic)}, ${C}.class, ${javaString(s.eventTime)}, ${C}::${getter(s.eventTime)}, (Envelope envelope, ${C} event) -> envelope.${s.topic} = event)`,
        `        .withKeys(${keys})`,
        `        .withWatermark(${s.maxOutOfOrderMs}L, ${s.idleAfterMs}L)`,
        `        .withValidTimes(${s.notBeforeMs}L, ${s.maxAheadOfNowMs}L)${i === job.sources.length - 1 ? ');' : ','}`,
      ]);
    });
  });
  out.line();
}

/** The Java source of the job class. */
export function emitJavaJob(job: Job, plan: Plan): string {
  const all = job.metrics.map((metric) => ({ metric, names: namesOf(metric) }));
  const body = new JavaWriter();
  body.doc(
    `Job ${job.id}${job.description ? `: ${job.description}` : ''}`,
    '',
    `<p>Metrics: ${job.metrics.map((m) => `${m.id} v${m.version}`).join(', ')}. Operator uids derive from metric ids and`,
    'topics (see generated-java/manifests), so adding a metric keeps the state of the others.',
  );
  body.block(
    `public final class ${plan.className} implements GeneratedJob<${plan.className}.Envelope>`,
    () => {
      body.line('private static final long serialVersionUID = 1L;');
      body.line();
      body.block('public static void main(String[] args) throws Exception', () =>
        body.line(`JobRunner.run(new ${plan.className}(), args);`),
      );
      body.line();
      pojo(
        body,
        "One decoded record of any of the job's topics: a dead letter, or exactly one event field set.",
        ' extends EventEnvelope',
        'Envelope',
        () => {
          for (const s of job.sources) body.line(`public ${simpleClass(s.schema.record)} ${s.topic};`);
        },
      );
      body.line('@Override');
      body.block('public String id()', () => body.line(`return ${javaString(job.id)};`));
      body.line();
      body.line('@Override');
      body.block('public String deadLetterTopic()', () =>
        body.line(`return ${javaString(job.deadLetterTopic)};`),
      );
      body.line();
      body.line('@Override');
      body.block('public int maxParallelism()', () => body.line(`return ${plan.maxParallelism};`));
      body.line();
      body.line('@Override');
      body.block('public Class<Envelope> envelopeClass()', () => body.line('return Envelope.class;'));
      body.line();
      body.line('@Override');
      body.block('public Envelope newEnvelope()', () => body.line('return new Envelope();'));
      body.line();
      emitSources(body, job);
      body.line('@Override');
      body.block('public List<WindowedMetric<Envelope, ?, ?, ?>> metrics()', () =>
        body.line(`return List.of(${all.map(({ names }) => `new ${names.metric}()`).join(', ')});`),
      );
      for (const { metric, names } of all) {
        body.line();
        emitMetricClasses(body, metric, names);
        emitMetricClass(body, job, metric, names);
      }
    },
  );
  // Members end with a blank line to separate them; the last one before a closing brace goes.
  const code = body.toString().replace(/\n\n(\s*})/g, '\n$1');
  const events = Object.fromEntries(
    job.sources.map((s) => [simpleClass(s.schema.record), s.schema.record.split('.').slice(0, -1).join('.')]),
  );
  return [
    `// Code generated by codegen from ${job.file}. DO NOT EDIT.`,
    '// Regenerate with `npm run gen`; CI runs `npm run gen:check`.',
    `package ${JAVA_PACKAGE};`,
    '',
    ...importsFor(code, events),
    '',
    code,
    '',
  ].join('\n');
}
