// Plan + IR → the Java source of one job class (DESIGN §6), plus the small JavaScript-semantics helper it calls.
// Everything is emitted in IR order with fixed formatting, so the same input gives the same bytes.
import type { Fn, Job, Measure, Metric, SchemaField, Source } from '../ir';
import type { Plan } from '../plan';
import { accumulatorFields, pascalCase, presenceStateTtlMs, uids } from '../plan';
import type { JavaEnv, JavaKind, JavaValue } from './java-expr';
import { emitFnBody, javaString, javaTypeOf, kindOf } from './java-expr';

export const JAVA_PACKAGE = 'io.collabstream.jobs';
export const JAVA_DIR = 'src/main/java/io/collabstream/jobs';
export const JAVA_TEST_DIR = 'src/test/java/io/collabstream/jobs';

/** Avro's specific-compiler getter name: event_id → getEventId. */
function getter(field: string): string {
  return (
    'get' +
    field
      .split('_')
      .map((p) => (p.length > 0 ? p[0]!.toUpperCase() + p.slice(1) : ''))
      .join('')
  );
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

function eventEnv(source: Source): JavaEnv {
  return {
    field: (name) => {
      const field = source.schema.fields.find((f) => f.name === name);
      if (!field) throw new Error(`compiler bug: ${name} not in ${source.topic}`);
      return fieldReader(field);
    },
    measure: () => {
      throw new Error('compiler bug: measure in a per-event function');
    },
    window: () => {
      throw new Error('compiler bug: window in a per-event function');
    },
  };
}

function measureKind(measure: Measure): JavaKind {
  return measure.nullable ? 'Double' : 'double';
}

const derivedEnv: JavaEnv = {
  field: () => {
    throw new Error('compiler bug: field in a derived function');
  },
  // Measures are passed to derived functions as JavaScript numbers (bigint counts widened to double).
  measure: (name) => ({ code: `m_${name}`, kind: 'double' }),
  window: (name) => ({ code: name === 'seconds' ? 'w_seconds' : `((double) w_${name})`, kind: 'double' }),
};

function comment(fn: Fn): string {
  const oneLine = fn.source.replace(/\s+/g, ' ');
  return `  // ${fn.origin.file}:${fn.origin.line}: ${oneLine.length > 100 ? oneLine.slice(0, 97) + '...' : oneLine}`;
}

function method(
  lines: string[],
  name: string,
  resultKind: JavaKind,
  params: string,
  fn: Fn,
  env: JavaEnv,
): void {
  lines.push(comment(fn));
  lines.push(`  static ${javaTypeOf(resultKind)} ${name}(${params}) {`);
  lines.push(...emitFnBody(fn, env, resultKind, '    '));
  lines.push('  }', '');
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

function emitMetric(lines: string[], job: Job, metric: Metric): void {
  const P = pascalCase(metric.id);
  const sources = metric.sources.map((topic) => job.sources.find((s) => s.topic === topic)!);
  const accFields = accumulatorFields(metric);

  // ---- per-event functions, one Java method per (function, source type)
  lines.push(`  // ======== metric ${metric.id} v${metric.version} ========`, '');
  const fnName = (measure: Measure, role: string, topic: string) => `${P}_${measure.name}_${role}__${topic}`;
  for (const measure of metric.measures) {
    const roles: [string, Fn | null, JavaKind][] =
      measure.kind === 'presence'
        ? [
            ['member', measure.member, 'String'],
            ['joins', measure.joins, 'boolean'],
            ['leaves', measure.leaves, 'boolean'],
          ]
        : [
            ['value', measure.value, measure.value ? kindOf(measure.value.result) : 'boolean'],
            ['where', measure.where, 'boolean'],
          ];
    for (const topic of measure.topics) {
      const source = sources.find((s) => s.topic === topic)!;
      for (const [role, fn, kind] of roles) {
        if (fn)
          method(
            lines,
            fnName(measure, role, topic),
            kind,
            `${simpleClass(source.schema.record)} e`,
            fn,
            eventEnv(source),
          );
      }
    }
  }

  // ---- Input: the event reduced to what the window needs
  lines.push(
    `  /** One event of ${metric.id}, reduced to its key, time and per-measure contributions (computed before keyBy). */`,
  );
  lines.push(
    `  public static class ${P}Input {`,
    '    public String key;',
    '    public long timestamp;',
    '    public String topic;',
    '    /** Kafka partition of the source record: watermarks are kept per partition. */',
    '    public int partition;',
  );
  if (metric.late.policy === 'side-output')
    lines.push(
      '    /** The original Kafka record, kept for the late side output. */',
      '    public byte[] rawKey;',
      '    public byte[] rawValue;',
    );
  for (const measure of metric.measures) {
    if (measure.kind === 'presence') {
      lines.push(
        `    /** Member of a join or leave, null when the event is neither. */`,
        `    public String ${measure.name}_member;`,
        `    public boolean ${measure.name}_leave;`,
      );
    } else if (measure.aggregation === 'count') {
      lines.push(`    public boolean ${measure.name};`);
    } else if (measure.aggregation === 'countDistinct' && measure.value?.result.base === 'string') {
      lines.push(`    public String ${measure.name};`);
    } else {
      lines.push(
        `    /** null when the event does not take part or its value is null. */`,
        `    public Double ${measure.name};`,
      );
    }
  }
  lines.push(`    public ${P}Input() {}`, '  }', '');

  // ---- Input builder (flatMap over the job's envelopes)
  lines.push(
    `  static final class ${P}ToInput implements FlatMapFunction<Envelope, ${P}Input> {`,
    '    private static final long serialVersionUID = 1L;',
    '',
  );
  lines.push(
    '    @Override',
    `    public void flatMap(Envelope envelope, Collector<${P}Input> out) {`,
    `      ${P}Input in = new ${P}Input();`,
    '      in.timestamp = envelope.timestamp;',
    '      in.topic = envelope.topic;',
    '      in.partition = envelope.partition;',
  );
  if (metric.late.policy === 'side-output')
    lines.push('      in.rawKey = envelope.rawKey;', '      in.rawValue = envelope.rawValue;');
  lines.push('      switch (envelope.topic) {');
  for (const source of sources) {
    lines.push(
      `        case ${javaString(source.topic)}: {`,
      `          ${simpleClass(source.schema.record)} e = envelope.${source.topic};`,
      `          in.key = e.${getter(metric.key)}();`,
    );
    for (const measure of metric.measures) {
      if (!measure.topics.includes(source.topic)) continue;
      const call = (role: string) => `${fnName(measure, role, source.topic)}(e)`;
      if (measure.kind === 'presence') {
        // An event that is both a join and a leave counts as a join (joins are tested first).
        lines.push(
          `          if (${call('joins')}) {`,
          `            in.${measure.name}_member = ${call('member')};`,
          `          } else if (${call('leaves')}) {`,
          `            in.${measure.name}_member = ${call('member')};`,
          `            in.${measure.name}_leave = true;`,
          '          }',
        );
        continue;
      }
      const where = measure.where ? call('where') : 'true';
      if (measure.aggregation === 'count') {
        lines.push(`          in.${measure.name} = ${where};`);
      } else {
        const valueKind = kindOf(measure.value!.result);
        const value = valueKind === 'double' ? `Double.valueOf(${call('value')})` : call('value');
        lines.push(`          in.${measure.name} = ${measure.where ? `${where} ? ${value} : null` : value};`);
      }
    }
    lines.push('          break;', '        }');
  }
  lines.push(
    '        default:',
    '          return; // a topic this metric does not read',
    '      }',
    '      out.collect(in);',
    '    }',
    '  }',
    '',
  );

  // ---- Accumulator
  lines.push(
    `  /** Window state of ${metric.id}: one mergeable accumulator per key and window. */`,
    `  public static class ${P}Accumulator {`,
  );
  for (const [name, type] of Object.entries(accFields)) {
    const init = type.startsWith('Map') ? ' = new HashMap<>()' : '';
    lines.push(`    public ${type} ${name}${init};`);
  }
  lines.push(`    public ${P}Accumulator() {}`, '  }', '');

  // ---- AggregateFunction
  lines.push(
    `  static final class ${P}Aggregate implements AggregateFunction<${P}Input, ${P}Accumulator, ${P}Accumulator> {`,
    '    private static final long serialVersionUID = 1L;',
    '',
  );
  lines.push(
    '    @Override',
    `    public ${P}Accumulator createAccumulator() {`,
    `      return new ${P}Accumulator();`,
    '    }',
    '',
  );
  lines.push('    @Override', `    public ${P}Accumulator add(${P}Input in, ${P}Accumulator acc) {`);
  lines.push(...addMeasureLines(metric, 'accumulator'));
  lines.push('      return acc;', '    }', '');
  lines.push(
    '    @Override',
    `    public ${P}Accumulator getResult(${P}Accumulator acc) {`,
    '      return acc;',
    '    }',
    '',
  );
  lines.push('    @Override', `    public ${P}Accumulator merge(${P}Accumulator a, ${P}Accumulator b) {`);
  lines.push(...mergeMeasureLines(metric, 'accumulator'));
  lines.push('      return a;', '    }', '  }', '');
  if (metric.window.kind === 'sliding') emitPartial(lines, metric);

  // ---- Row
  const rowClass = `${P}Row`;
  lines.push(
    `  /** One output row of ${metric.id}, columns in row order (SEMANTICS.md). */`,
    `  public static class ${rowClass} {`,
  );
  for (const column of metric.columns) lines.push(`    public ${rowJavaType(column)} ${column.name};`);
  lines.push(`    public ${rowClass}() {}`, '');
  lines.push(
    `    /** Avro schema of the lake rows (without the partition column). */`,
    `    public static final String AVRO_SCHEMA =`,
    `        ${javaString(rowAvroSchema(metric, rowClass))};`,
    '',
  );
  lines.push(
    '    /** The live-topic payload: one JSON object, keys in row order, numbers formatted as JavaScript does. */',
    '    public String toJson() {',
    '      StringBuilder json = new StringBuilder("{");',
  );
  metric.columns.forEach((column, index) => {
    const sep = index === 0 ? '' : ',';
    const key = javaString(`${sep}"${column.name}":`);
    const value =
      column.type === 'varchar' || column.type === 'date'
        ? `Js.jsonString(${column.name})`
        : column.type === 'boolean'
          ? `String.valueOf(${column.name})`
          : column.type === 'bigint' || column.type === 'timestamp'
            ? `Long.toString(${column.name})`
            : `Js.jsonNumber(${column.name})`;
    lines.push(`      json.append(${key}).append(${value});`);
  });
  lines.push("      return json.append('}').toString();", '    }', '');
  lines.push(
    '    public GenericRecord toAvro(Schema schema) {',
    '      GenericRecord record = new GenericData.Record(schema);',
  );
  for (const column of metric.columns)
    if (column.type !== 'date') lines.push(`      record.put(${javaString(column.name)}, ${column.name});`);
  lines.push('      return record;', '    }', '  }', '');

  // ---- derived functions
  const derivedParams = [
    ...metric.measures.map((m) => `double m_${m.name}`),
    'long w_start',
    'long w_end',
    'double w_seconds',
  ].join(', ');
  const nullableMeasureParams = [
    ...metric.measures.map((m) => `${javaTypeOf(measureKind(m))} m_${m.name}`),
    'long w_start',
    'long w_end',
    'double w_seconds',
  ].join(', ');
  for (const derived of metric.derived) {
    const kind = kindOf(derived.fn.result);
    const env: JavaEnv = {
      ...derivedEnv,
      measure: (name) => {
        const m = metric.measures.find((x) => x.name === name)!;
        return { code: `m_${name}`, kind: measureKind(m) };
      },
    };
    method(lines, `${P}_derived_${derived.name}`, kind, nullableMeasureParams, derived.fn, env);
  }
  void derivedParams;

  // ---- the row of a fired window: measures, presence, derived measures, date
  const presence = metric.measures.filter(
    (m): m is Extract<Measure, { kind: 'presence' }> => m.kind === 'presence',
  );
  const presenceParams = presence.map((m) => `, MapState<String, Long> ${m.name}State`).join('');
  lines.push(
    `  /** The row of one fired window; presence states are the key's (merged and expired here, SEMANTICS.md). */`,
    `  static ${rowClass} ${P}_row(String key, long start, long end, ${P}Accumulator acc${presenceParams}) throws Exception {`,
    `    ${rowClass} row = new ${rowClass}();`,
    `    row.${metric.key} = key;`,
    '    row.window_start = start;',
    '    row.window_end = end;',
  );
  for (const m of metric.measures) {
    const n = m.name;
    if (m.kind === 'presence') {
      lines.push(`    row.${n} = Js.presenceGauge(${n}State, acc.${n}, end, ${m.ttlMs}L);`);
      continue;
    }
    switch (m.aggregation) {
      case 'count':
      case 'sum':
      case 'min':
      case 'max':
        lines.push(`    row.${n} = acc.${n};`);
        break;
      case 'countDistinct':
        lines.push(`    row.${n} = acc.${n}.size();`);
        break;
      case 'avg':
        lines.push(
          `    row.${n} = acc.${n}_count == 0 ? null : Double.valueOf(acc.${n}_sum / acc.${n}_count);`,
        );
        break;
    }
  }
  const windowSeconds = `${metric.window.sizeMs / 1000}`;
  const args = [
    ...metric.measures.map((m) => `row.${m.name}`),
    'row.window_start',
    'row.window_end',
    windowSeconds.includes('.') ? windowSeconds : windowSeconds + '.0',
  ].join(', ');
  for (const derived of metric.derived)
    lines.push(`    row.${derived.name} = ${P}_derived_${derived.name}(${args});`);
  lines.push('    row.date = Js.utcDate(row.window_start);', '    return row;', '  }', '');

  const descriptors = presence.map(
    (m) =>
      `    static final MapStateDescriptor<String, Long> ${m.name.toUpperCase()}_STATE = PresenceStates.descriptor(${javaString(`presence.${m.name}`)}, ${presenceStateTtlMs(m.ttlMs)}L);`,
  );
  if (metric.window.kind === 'tumbling') {
    const states = presence
      .map((m) => `, context.globalState().getMapState(${m.name.toUpperCase()}_STATE)`)
      .join('');
    lines.push(
      `  /** Fires a tumbling window: Flink's window operator has aggregated it incrementally. */`,
      `  static final class ${P}Fire extends ProcessWindowFunction<${P}Accumulator, ${rowClass}, String, TimeWindow> {`,
      '    private static final long serialVersionUID = 1L;',
      ...descriptors,
      '',
      '    @Override',
      `    public void process(String key, Context context, Iterable<${P}Accumulator> elements, Collector<${rowClass}> out) throws Exception {`,
      '      TimeWindow window = context.window();',
      `      out.collect(${P}_row(key, window.getStart(), window.getEnd(), elements.iterator().next()${states}));`,
      '    }',
      '  }',
      '',
    );
    return;
  }
  const { sizeMs, slideMs } = metric.window;
  const states = presence
    .map((m) => `, getRuntimeContext().getMapState(${m.name.toUpperCase()}_STATE)`)
    .join('');
  lines.push(
    '  /**',
    `   * Sliding windows of ${sizeMs} ms every ${slideMs} ms computed from slide-long panes: each event is aggregated once,`,
    '   * into a partial of its pane before keyBy (the pre-aggregation also decides lateness), and each partial once into',
    "   * its pane here; a window is the merge of its panes when the watermark reaches its end − 1. Same rows as Flink's",
    '   * SlidingEventTimeWindows (an event is late when every window it belongs to has fired), size/slide times less',
    '   * aggregation work, and state reads and writes per partial instead of per event.',
    '   */',
    `  static final class ${P}Panes extends KeyedProcessFunction<String, ${P}Partial, ${rowClass}> implements CheckpointedFunction {`,
    '    private static final long serialVersionUID = 1L;',
    `    static final long SIZE = ${sizeMs}L;`,
    `    static final long SLIDE = ${slideMs}L;`,
    '    /** Events the pre-aggregation buffers at most before it sends every partial (bounds its heap). */',
    `    static final int PRE_AGGREGATE_MAX_EVENTS = ${PRE_AGGREGATE_MAX_EVENTS};`,
    ...descriptors,
    `    static final MapStateDescriptor<Long, ${P}Accumulator> PANES = new MapStateDescriptor<>("panes", Types.LONG, TypeInformation.of(${P}Accumulator.class));`,
    `    private final ${P}Aggregate aggregate = new ${P}Aggregate();`,
    `    private transient MapState<Long, ${P}Accumulator> panes;`,
    '    private transient Counter latePartials;',
    '    /** Timers after a restore are registered as before it (see WatermarkFloor). */',
    '    private final WatermarkFloor watermarkFloor = new WatermarkFloor("panes.watermark-floor");',
    '',
    `    ${P}Panes() {}`,
    '',
    '    /** The operator before the keyBy: lateness, and partials per (key, pane) (runtime PanePreAggregator). */',
    `    static PanePreAggregator<String, ${P}Input, ${P}Partial, ${P}Partial> preAggregator(int maxBufferedEvents, OutputTag<${P}Input> lateTag) {`,
    `      return new PanePreAggregator<>(SIZE, SLIDE, maxBufferedEvents, (${P}Input in) -> in.key, new ${P}PreAggregate(), ${P}Partial::of, lateTag, "pre-aggregate.watermark-floor");`,
    '    }',
    '',
    '    @Override',
    '    public void initializeState(FunctionInitializationContext context) throws Exception {',
    '      watermarkFloor.initialize(context.getOperatorStateStore(), context.isRestored());',
    '    }',
    '',
    '    @Override',
    '    public void snapshotState(FunctionSnapshotContext context) throws Exception {',
    '      watermarkFloor.snapshot();',
    '    }',
    '',
    '    @Override',
    '    public void open(OpenContext openContext) {',
    '      panes = getRuntimeContext().getMapState(PANES);',
    '      latePartials = getRuntimeContext().getMetricGroup().counter("latePartials");',
    '    }',
    '',
    '    @Override',
    `    public void processElement(${P}Partial partial, Context ctx, Collector<${rowClass}> out) throws Exception {`,
    '      long watermark = watermarkFloor.effective(ctx.timerService().currentWatermark());',
    '      long pane = partial.pane;',
    '      if (pane + SIZE - 1 <= watermark) {',
    '        // Every window of the pane has fired. The pre-aggregation found its events on time and sends a pane before',
    "        // the watermark that fires the pane's windows, so only a watermark ahead of its own gets here (parallelism",
    '        // > 1, an idle input resuming behind the others): dropped and counted.',
    '        latePartials.inc();',
    '        return;',
    '      }',
    `      ${P}Accumulator acc = panes.get(pane);`,
    '      if (acc == null) {',
    '        acc = aggregate.createAccumulator();',
    '        // The windows that contain this pane and have not fired yet.',
    '        for (long end = pane + SLIDE; end <= pane + SIZE; end += SLIDE) {',
    '          if (end - 1 > watermark) {',
    '            ctx.timerService().registerEventTimeTimer(end - 1);',
    '          }',
    '        }',
    '      }',
    `      panes.put(pane, ${P}PreAggregate.addTo(acc, partial));`,
    '    }',
    '',
    '    @Override',
    `    public void onTimer(long timestamp, OnTimerContext ctx, Collector<${rowClass}> out) throws Exception {`,
    '      watermarkFloor.effective(ctx.timerService().currentWatermark());',
    '      long end = timestamp + 1;',
    '      long start = end - SIZE;',
    `      ${P}Accumulator window = aggregate.createAccumulator();`,
    '      boolean any = false;',
    '      // The panes in time order (SEMANTICS.md adds sums pane by pane), by point lookups. Merging into a fresh',
    "      // accumulator: a pane may be the state backend's own object.",
    '      for (long pane = start; pane < end; pane += SLIDE) {',
    `        ${P}Accumulator acc = panes.get(pane);`,
    '        if (acc != null) {',
    '          aggregate.merge(window, acc);',
    '          any = true;',
    '        }',
    '      }',
    "      // No later window contains the first pane; every pane's last window has a timer, so none is left behind.",
    '      panes.remove(start);',
    '      if (any) {',
    `        out.collect(${P}_row(ctx.getCurrentKey(), start, end, window${states}));`,
    '      }',
    '    }',
    '  }',
    '',
  );
}

/** Java type of each field of a sliding metric's pre-aggregated partial (sums carry their values). */
function partialFields(metric: Metric): Record<string, string> {
  const fields: Record<string, string> = {};
  const acc = accumulatorFields(metric);
  for (const measure of metric.measures) {
    const n = measure.name;
    if (measure.kind === 'presence' || (measure.aggregation !== 'sum' && measure.aggregation !== 'avg')) {
      fields[n] = acc[n]!;
    } else {
      fields[`${n}_values`] = 'double[]';
      fields[`${n}_count`] = 'long';
    }
  }
  return fields;
}

/**
 * A sliding metric's partial (one key, one pane, some of its events, built before keyBy by the runtime's
 * PanePreAggregator), the AggregateFunction that builds it, and the operator's factory.
 */
function emitPartial(lines: string[], metric: Metric): void {
  const P = pascalCase(metric.id);
  lines.push(
    '  /**',
    `   * Some events of one pane of ${metric.id} for one key, aggregated before keyBy: counts, distinct values,`,
    '   * presence and extremes merged; sums as their values in arrival order, so that the pane operator adds them',
    '   * exactly as it would have added the events (SEMANTICS.md, summation order).',
    '   */',
    `  public static class ${P}Partial {`,
    '    public String key;',
    '    /** Start of the pane. */',
    '    public long pane;',
  );
  for (const [name, type] of Object.entries(partialFields(metric))) {
    const init = type.startsWith('Map')
      ? ' = new HashMap<>()'
      : type === 'double[]'
        ? ' = PaneValues.NONE'
        : '';
    if (type === 'double[]')
      lines.push(
        `    /** The non-null values in arrival order: the first ${name.replace(/_values$/, '_count')}. */`,
      );
    lines.push(`    public ${type} ${name}${init};`);
  }
  lines.push(
    `    public ${P}Partial() {}`,
    '',
    `    static ${P}Partial of(String key, long pane, ${P}Partial partial) {`,
    '      partial.key = key;',
    '      partial.pane = pane;',
    '      return partial;',
    '    }',
    '  }',
    '',
  );

  lines.push(
    `  static final class ${P}PreAggregate implements AggregateFunction<${P}Input, ${P}Partial, ${P}Partial> {`,
    '    private static final long serialVersionUID = 1L;',
    '',
    '    @Override',
    `    public ${P}Partial createAccumulator() {`,
    `      return new ${P}Partial();`,
    '    }',
    '',
    '    @Override',
    `    public ${P}Partial add(${P}Input in, ${P}Partial acc) {`,
  );
  lines.push(...addMeasureLines(metric, 'partial'));
  lines.push('      return acc;', '    }', '');
  lines.push('    @Override', `    public ${P}Partial getResult(${P}Partial acc) {`);
  for (const measure of metric.measures) {
    if (measure.kind === 'presence' || (measure.aggregation !== 'sum' && measure.aggregation !== 'avg'))
      continue;
    const n = measure.name;
    lines.push(`      acc.${n}_values = PaneValues.trim(acc.${n}_values, acc.${n}_count);`);
  }
  lines.push('      return acc;', '    }', '');
  lines.push('    @Override', `    public ${P}Partial merge(${P}Partial a, ${P}Partial b) {`);
  lines.push(...mergeMeasureLines(metric, 'partial'));
  lines.push('      return a;', '    }', '');
  // Adding a partial to a pane's accumulator: what add does for each of its events, in the same order.
  lines.push(
    '    /** Adds a partial to a pane: the same result as adding each of its events to it, in arrival order. */',
    `    static ${P}Accumulator addTo(${P}Accumulator acc, ${P}Partial p) {`,
  );
  for (const measure of metric.measures) {
    const n = measure.name;
    if (measure.kind === 'presence') {
      lines.push(`      p.${n}.forEach((member, entry) -> Js.presenceKeepNewer(acc.${n}, member, entry));`);
      continue;
    }
    switch (measure.aggregation) {
      case 'count':
        lines.push(`      acc.${n} += p.${n};`);
        break;
      case 'countDistinct':
        lines.push(`      acc.${n}.putAll(p.${n});`);
        break;
      case 'sum':
        lines.push(`      acc.${n} = PaneValues.addInOrder(acc.${n}, p.${n}_values, p.${n}_count);`);
        break;
      case 'avg':
        lines.push(
          `      acc.${n}_sum = PaneValues.addInOrder(acc.${n}_sum, p.${n}_values, p.${n}_count);`,
          `      acc.${n}_count += p.${n}_count;`,
        );
        break;
      case 'min':
      case 'max':
        lines.push(
          `      if (p.${n} != null) acc.${n} = acc.${n} == null ? p.${n} : Double.valueOf(Math.${measure.aggregation}(acc.${n}, p.${n}));`,
        );
        break;
    }
  }
  lines.push('      return acc;', '    }', '  }', '');
}

function emitDefineWorkflow(lines: string[], job: Job): void {
  lines.push(
    '  /** What defineWorkflow produces, so tests can collect it and main can attach the real sinks. */',
    '  public static final class Outputs {',
    '    public DataStream<DeadLetter> deadLetters;',
  );
  for (const metric of job.metrics) {
    const P = pascalCase(metric.id);
    lines.push(
      `    public DataStream<${P}Row> ${metric.id};`,
      `    public DataStream<${P}Input> ${metric.id}_late;`,
    );
  }
  lines.push('  }', '');
  const topicList = job.sources.map((s) => s.topic).join(', ');
  lines.push(
    '  /**',
    '   * The job over one merged, ordered stream of raw records (differential tests, benchmarks): the same decoder as',
    '   * the Kafka sources of {@link #main}, then {@link #defineMetrics}.',
    '   *',
    '   * @param limits validation limits per topic, see {@link #validationLimits(JobConfig)}',
    "   * @param perEventWatermarks true: the reference evaluator's watermark after every event (differential tests);",
    '   *     false: periodic watermarks, the minimum over partitions, as the Kafka sources keep them',
    '   */',
    '  public static Outputs defineWorkflow(',
    '      StreamExecutionEnvironment env,',
    '      DataStream<KafkaRawRecord> raw,',
    '      SchemaLookupFactory schemas,',
    '      Map<String, ValidationLimits> limits,',
    '      boolean perEventWatermarks) {',
    '    Map<String, Duration> bounds = TopicWatermark.bounds(WATERMARKS);',
    '    DataStream<Envelope> decoded =',
    '        raw.flatMap(new DecodeRecords<>(new Decoder(schemas, limits), Envelope.class))',
    `            .uid(${javaString(uids.testDecode())})`,
    `            .name(${javaString(`decode and validate ${topicList}`)})`,
    '            .assignTimestampsAndWatermarks(perEventWatermarks',
    '                ? Watermarks.perSource((Envelope e) -> e.topic, bounds)',
    '                : Watermarks.perPartition((Envelope e) -> e.topic, (Envelope e) -> e.partition, bounds, TopicWatermark.shortestIdleAfter(WATERMARKS)))',
    `            .uid(${javaString(uids.testWatermarks())})`,
    '            .name("watermarks");',
    '    return defineMetrics(env, decoded);',
    '  }',
    '',
    '  /**',
    '   * The job without its I/O: dead letters split off, then per metric the per-event functions, keyed windows,',
    '   * derived measures and late outputs.',
    '   *',
    "   * @param decoded every decoded record of the job's topics (valid events and dead letters), with event-time",
    '   *     timestamps and watermarks',
    '   */',
    '  public static Outputs defineMetrics(StreamExecutionEnvironment env, DataStream<Envelope> decoded) {',
    '    if (!env.getConfig().getSerializerConfig().hasGenericTypesDisabled()) {',
    '      throw new IllegalStateException("generic types must be disabled (pipeline.generic-types: false): no Kryo in this job");',
    '    }',
    '    Outputs outputs = new Outputs();',
    '    SingleOutputStreamOperator<Envelope> events =',
    '        decoded.transform("split dead letters from events", TypeInformation.of(Envelope.class), new SplitDeadLetters<Envelope>())',
    `            .uid(${javaString(uids.decode())});`,
    '    outputs.deadLetters = events.getSideOutput(DecodeAndValidate.DEAD_LETTERS);',
  );
  for (const metric of job.metrics) {
    const P = pascalCase(metric.id);
    const id = metric.id;
    const assigner = `TumblingEventTimeWindows.of(Duration.ofMillis(${metric.window.sizeMs}L))`;
    lines.push(
      '',
      `    // ---- ${id}`,
      `    OutputTag<${P}Input> ${P}LateTag = new OutputTag<>(${javaString(`late.${id}`)}, TypeInformation.of(${P}Input.class));`,
      `    SingleOutputStreamOperator<${P}Input> ${P}Inputs =`,
      `        events.flatMap(new ${P}ToInput())`,
      `            .uid(${javaString(uids.input(id))})`,
      `            .name(${javaString(`${id}: per-event functions`)});`,
      ...(metric.window.kind === 'tumbling'
        ? [
            `    SingleOutputStreamOperator<${P}Input> ${P}Gated =`,
            `        ${P}Inputs.transform(${javaString(`${id}: late after restore`)}, TypeInformation.of(${P}Input.class), new LateGate<>(${metric.window.sizeMs}L, ${metric.window.sizeMs}L, ${P}LateTag))`,
            `            .uid(${javaString(uids.lateGate(id))});`,
            `    SingleOutputStreamOperator<${P}Row> ${P}Rows =`,
            `        ${P}Gated.keyBy((${P}Input in) -> in.key, Types.STRING)`,
            `            .window(${assigner})`,
            `            .sideOutputLateData(${P}LateTag)`,
            `            .aggregate(new ${P}Aggregate(), new ${P}Fire())`,
          ]
        : [
            `    SingleOutputStreamOperator<${P}Partial> ${P}Partials =`,
            `        ${P}Inputs.transform(${javaString(`${id}: pre-aggregate panes`)}, TypeInformation.of(${P}Partial.class), ${P}Panes.preAggregator(${P}Panes.PRE_AGGREGATE_MAX_EVENTS, ${P}LateTag))`,
            `            .uid(${javaString(uids.preAggregate(id))});`,
            `    SingleOutputStreamOperator<${P}Row> ${P}Rows =`,
            `        ${P}Partials.keyBy((${P}Partial p) -> p.key, Types.STRING)`,
            `            .process(new ${P}Panes())`,
          ]),
      `            .uid(${javaString(uids.window(id))})`,
      `            .name(${javaString(`${id}: window by ${metric.key}`)});`,
      `    outputs.${id} = ${P}Rows;`,
      `    outputs.${id}_late =`,
      metric.window.kind === 'tumbling'
        ? `        ${P}Gated.getSideOutput(${P}LateTag).union(${P}Rows.getSideOutput(${P}LateTag))`
        : `        ${P}Partials.getSideOutput(${P}LateTag)`,
      `            .map(new LateCounter<>(${javaString(id)}))`,
      `            .uid(${javaString(uids.late(id))})`,
      `            .name(${javaString(`${id}: count late events (${metric.late.policy})`)});`,
    );
  }
  lines.push('    return outputs;', '  }', '');
}

function emitMain(lines: string[], job: Job): void {
  lines.push(
    '  /**',
    '   * Validation limits per topic: the bounds each source declares in the DSL, unless the run overrides them',
    '   * ({@code validation.not-before}, {@code validation.max-ahead-of-now}); field and record sizes from the run.',
    '   */',
    '  public static Map<String, ValidationLimits> validationLimits(JobConfig config) {',
    '    ValidationLimits run = config.validationLimits();',
    '    Map<String, ValidationLimits> limits = new HashMap<>();',
  );
  for (const s of job.sources) {
    lines.push(
      `    limits.put(${javaString(s.topic)}, run`,
      `        .withNotBefore(config.has(JobConfig.VALIDATION_NOT_BEFORE) ? run.notBefore() : Instant.ofEpochMilli(${s.notBeforeMs}L))`,
      `        .withMaxAheadOfNow(config.has(JobConfig.VALIDATION_MAX_AHEAD) ? run.maxAheadOfNow() : Duration.ofMillis(${s.maxAheadOfNowMs}L)));`,
    );
  }
  lines.push('    return limits;', '  }', '');
  lines.push(
    '  /** The Flink settings every run of this job needs, whatever the arguments. */',
    '  public static Configuration flinkConfiguration(JobConfig config) {',
    '    Configuration conf = config.flinkConfiguration();',
    '    conf.set(PipelineOptions.GENERIC_TYPES, false);',
    '    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);',
    '    conf.set(PipelineOptions.NAME, JOB_ID);',
    '    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");',
    '    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);',
    '    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(config.checkpointIntervalMs()));',
    '    return conf;',
    '  }',
    '',
    '  public static void main(String[] args) throws Exception {',
    '    JobConfig config = JobConfig.fromArgs(args);',
    '    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));',
    '    String bootstrap = config.kafkaBootstrap();',
    '    String groupId = config.getString(JobConfig.KAFKA_GROUP_ID, "collab-" + JOB_ID);',
    '    Duration transactionTimeout = config.kafkaTransactionTimeout();',
    '    long checkpointMs = config.checkpointIntervalMs();',
    '    String lake = config.lakePath();',
    '',
    '    // One source per topic, decoding inside the source so that its watermarks are kept per partition.',
    '    Decoder decoder = new Decoder(config.schemaRegistry(), validationLimits(config));',
    '    DataStream<Envelope> decoded = null;',
    '    for (TopicWatermark source : WATERMARKS) {',
    '      DataStream<Envelope> one =',
    '          env.fromSource(',
    '                  KafkaConnectors.decodingSource(bootstrap, source.topic(), groupId, config.kafkaMaxPartitionFetchBytes(), decoder, Envelope.class),',
    '                  Watermarks.<Envelope>kafkaSource(source.maxOutOfOrder(), source.idleAfter()),',
    '                  "Kafka source " + source.topic())',
    '              .uid("source." + source.topic());',
    '      decoded = decoded == null ? one : decoded.union(one);',
    '    }',
    '    Outputs outputs = defineMetrics(env, decoded);',
    '',
    `    String deadLetterTopic = config.getString(JobConfig.DLQ_TOPIC, ${javaString(job.deadLetterTopic)});`,
    '    outputs.deadLetters',
    '        .sinkTo(KafkaConnectors.deadLetterSink(bootstrap, JOB_ID, deadLetterTopic, transactionTimeout, checkpointMs))',
    `        .uid(${javaString(uids.deadLetterSink())})`,
    '        .name("dead letters → " + deadLetterTopic);',
  );
  for (const metric of job.metrics) {
    const P = pascalCase(metric.id);
    const id = metric.id;
    if (metric.late.policy === 'side-output') {
      lines.push(
        `    outputs.${id}_late`,
        `        .sinkTo(KafkaConnectors.exactlyOnceSink(bootstrap, ${javaString(`${id}.late`)}, JobSinks.lateRecordSerializer(${javaString(metric.late.topic)}, (${P}Input in) -> in.rawKey, (${P}Input in) -> in.rawValue), transactionTimeout, checkpointMs))`,
        `        .uid(${javaString(uids.lateSink(id))})`,
        `        .name(${javaString(`${id}: late events → ${metric.late.topic}`)});`,
      );
    }
    for (const sink of metric.sinks) {
      if (sink.kind === 'lake-table') {
        lines.push(
          `    Schema ${P}Schema_${sink.table} = new Schema.Parser().parse(${P}Row.AVRO_SCHEMA);`,
          `    outputs.${id}`,
          `        .map(row -> row.toAvro(${P}Schema_${sink.table}))`,
          `        .returns(new GenericRecordAvroTypeInfo(${P}Schema_${sink.table}))`,
          `        .uid(${javaString(uids.toParquet(id, sink.table))})`,
          `        .name(${javaString(`${id}: rows → Avro for ${sink.schema}.${sink.table}`)})`,
          `        .sinkTo(JobSinks.lakeSink(lake + ${javaString(`/${sink.schema}/${sink.table}`)}, ${P}Row.AVRO_SCHEMA, ${javaString(sink.table)}))`,
          `        .uid(${javaString(uids.lakeSink(id, sink.table))})`,
          `        .name(${javaString(`${id}: Parquet → ${sink.schema}.${sink.table}`)});`,
        );
      } else {
        lines.push(
          `    outputs.${id}`,
          `        .sinkTo(KafkaConnectors.exactlyOnceSink(bootstrap, ${javaString(`${id}.live.${sink.topic}`)}, JobSinks.jsonRowSerializer(${javaString(sink.topic)}, (${P}Row row) -> row.${metric.key}, ${P}Row::toJson), transactionTimeout, checkpointMs))`,
          `        .uid(${javaString(uids.liveSink(id, sink.topic))})`,
          `        .name(${javaString(`${id}: JSON rows → ${sink.topic}`)});`,
        );
      }
    }
  }
  lines.push('    env.execute(JOB_ID);', '  }', '');
}

function emitDecode(lines: string[], job: Job): void {
  const keysByTopic = new Map<string, Set<string>>();
  for (const metric of job.metrics)
    for (const topic of metric.sources)
      (keysByTopic.get(topic) ?? keysByTopic.set(topic, new Set()).get(topic)!).add(metric.key);
  lines.push(
    '  /** Decodes and validates every topic of the job: inside the Kafka sources in production, in a flatMap in tests. */',
    '  static final class Decoder implements RecordDecoder<Envelope> {',
    '    private static final long serialVersionUID = 1L;',
    '    private final SchemaLookupFactory schemas;',
    '    private final Map<String, ValidationLimits> limits;',
  );
  for (const s of job.sources) {
    const C = simpleClass(s.schema.record);
    lines.push(
      `    private transient ConfluentAvroDecoder<${C}> ${s.topic}Decoder;`,
      `    private transient EventValidator<${C}> ${s.topic}Validator;`,
    );
  }
  lines.push(
    '    private transient DecodeCounters counters;',
    '',
    '    Decoder(SchemaLookupFactory schemas, Map<String, ValidationLimits> limits) {',
    '      this.schemas = schemas;',
    '      this.limits = new HashMap<>(limits);',
    '    }',
    '',
    '    @Override',
    '    public void open(MetricGroup metrics) {',
    '      SchemaLookup lookup = schemas.create();',
  );
  for (const s of job.sources) {
    const C = simpleClass(s.schema.record);
    const keys = [...(keysByTopic.get(s.topic) ?? [])].sort().map(javaString).join(', ');
    lines.push(
      `      ValidationLimits ${s.topic}Limits = limits.get(${javaString(s.topic)});`,
      `      ${s.topic}Decoder = new ConfluentAvroDecoder<>(${C}.class, lookup, ${s.topic}Limits.maxRecordBytes());`,
      `      ${s.topic}Validator = EventValidator.forClass(${C}.class, List.of(${keys}), ${javaString(s.eventTime)}, ${s.topic}Limits, Clock.systemUTC());`,
    );
  }
  lines.push(
    '      counters = new DecodeCounters(metrics);',
    '    }',
    '',
    '    @Override',
    '    public Envelope decode(KafkaRawRecord raw) {',
    '      Envelope envelope = new Envelope();',
    '      envelope.topic = raw.topic;',
    '      envelope.partition = raw.partition;',
    '      envelope.rawKey = raw.key;',
    '      envelope.rawValue = raw.value;',
    '      DecodeResult<?> failure;',
    '      switch (raw.topic) {',
  );
  for (const s of job.sources) {
    const C = simpleClass(s.schema.record);
    lines.push(
      `        case ${javaString(s.topic)}: {`,
      `          DecodeResult<${C}> result = ${s.topic}Decoder.decode(raw.value);`,
      `          if (result.isOk()) result = ${s.topic}Validator.validate(result.value());`,
      '          if (result.isOk()) {',
      `            envelope.${s.topic} = result.value();`,
      `            envelope.timestamp = result.value().${getter(s.eventTime)}().toEpochMilli();`,
      '            counters.accepted();',
      '            return envelope;',
      '          }',
      '          failure = result;',
      '          break;',
      '        }',
    );
  }
  lines.push(
    '        default:',
    '          return null; // not a topic of this job',
    '      }',
    '      counters.deadLettered(failure.reason());',
    '      envelope.deadLetter = DeadLetter.of(raw, failure.reason(), failure.detail());',
    '      return envelope;',
    '    }',
    '  }',
    '',
  );
}

const IMPORTS = [
  'io.collabstream.runtime.ConfluentAvroDecoder',
  'io.collabstream.runtime.DeadLetter',
  'io.collabstream.runtime.DecodeAndValidate',
  'io.collabstream.runtime.DecodeResult',
  'io.collabstream.runtime.EventValidator',
  'io.collabstream.runtime.JobConfig',
  'io.collabstream.runtime.JobSinks',
  'io.collabstream.runtime.LateCounter',
  'io.collabstream.runtime.LateGate',
  'io.collabstream.runtime.PresenceStates',
  'io.collabstream.runtime.KafkaConnectors',
  'io.collabstream.runtime.KafkaRawRecord',
  'io.collabstream.runtime.SchemaLookup',
  'io.collabstream.runtime.SchemaLookupFactory',
  'io.collabstream.runtime.ValidationLimits',
  'io.collabstream.runtime.WatermarkFloor',
  'io.collabstream.runtime.Watermarks',
  'io.collabstream.runtime.TopicWatermark',
  'io.collabstream.runtime.RecordDecoder',
  'io.collabstream.runtime.DecodeRecords',
  'io.collabstream.runtime.DecodeCounters',
  'io.collabstream.runtime.Decoded',
  'io.collabstream.runtime.SplitDeadLetters',
  'java.time.Clock',
  'java.time.Duration',
  'java.time.Instant',
  'java.util.ArrayList',
  'java.util.HashMap',
  'java.util.List',
  'java.util.Map',
  'org.apache.avro.Schema',
  'org.apache.avro.generic.GenericData',
  'org.apache.avro.generic.GenericRecord',
  'org.apache.flink.api.common.functions.AggregateFunction',
  'org.apache.flink.api.common.functions.FlatMapFunction',
  'org.apache.flink.api.common.functions.OpenContext',
  'org.apache.flink.api.common.state.MapState',
  'org.apache.flink.api.common.state.MapStateDescriptor',
  'org.apache.flink.api.common.typeinfo.TypeInformation',
  'org.apache.flink.api.common.typeinfo.Types',
  'org.apache.flink.configuration.CheckpointingOptions',
  'org.apache.flink.configuration.Configuration',
  'org.apache.flink.configuration.PipelineOptions',
  'org.apache.flink.configuration.StateBackendOptions',
  'org.apache.flink.core.execution.CheckpointingMode',
  'org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo',
  'org.apache.flink.metrics.MetricGroup',
  'org.apache.flink.streaming.api.datastream.DataStream',
  'org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator',
  'org.apache.flink.streaming.api.environment.StreamExecutionEnvironment',
  'org.apache.flink.streaming.api.functions.KeyedProcessFunction',
  'org.apache.flink.runtime.state.FunctionInitializationContext',
  'org.apache.flink.runtime.state.FunctionSnapshotContext',
  'org.apache.flink.streaming.api.checkpoint.CheckpointedFunction',
  'org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction',
  'org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows',
  'org.apache.flink.streaming.api.windowing.windows.TimeWindow',
  'org.apache.flink.util.Collector',
  'org.apache.flink.util.OutputTag',
];

/** What only the pane operators of sliding metrics use. */
const SLIDING_IMPORTS = [
  'io.collabstream.runtime.PanePreAggregator',
  'io.collabstream.runtime.PaneValues',
  'org.apache.flink.metrics.Counter',
];

/**
 * Events a sliding metric's pre-aggregation buffers at most before it sends every partial (bounds its heap). It holds
 * one or two panes of events between watermarks, so the bound cuts panes into more partials only past ~25,000 events
 * per pane and subtask.
 */
const PRE_AGGREGATE_MAX_EVENTS = 50_000;

/** The Java source of the job class. */
export function emitJavaJob(job: Job, plan: Plan): string {
  const lines: string[] = [];
  lines.push(
    `// Code generated by codegen from ${job.file}. DO NOT EDIT.`,
    `// Regenerate with \`npm run gen\`; CI runs \`npm run gen:check\`.`,
    `package ${JAVA_PACKAGE};`,
    '',
  );
  const records = [...new Set(job.sources.map((s) => s.schema.record))].sort();
  const sliding = job.metrics.some((m) => m.window.kind === 'sliding') ? SLIDING_IMPORTS : [];
  const imports = [...IMPORTS, ...sliding, ...records].sort();
  for (const imp of imports) lines.push(`import ${imp};`);
  lines.push('');
  lines.push(
    '/**',
    ` * Job ${job.id}${job.description ? `: ${job.description}` : ''}`,
    ' *',
    ` * <p>Metrics: ${job.metrics.map((m) => `${m.id} v${m.version}`).join(', ')}. Operator uids derive from metric ids and topics`,
    ' * (see generated-java/manifests), so adding a metric keeps the state of the others.',
    ' */',
    `@SuppressWarnings({"unused", "unchecked", "rawtypes"})`,
    `public final class ${plan.className} {`,
    `  public static final String JOB_ID = ${javaString(job.id)};`,
    `  public static final List<String> TOPICS = List.of(${job.sources.map((s) => javaString(s.topic)).join(', ')});`,
    '  /** The watermark each source declares for its topic. */',
    '  public static final List<TopicWatermark> WATERMARKS = List.of(',
    ...job.sources.map(
      (s, i) =>
        `      new TopicWatermark(${javaString(s.topic)}, Duration.ofMillis(${s.maxOutOfOrderMs}L), Duration.ofMillis(${s.idleAfterMs}L))${i === job.sources.length - 1 ? ');' : ','}`,
    ),
    '',
    `  private ${plan.className}() {}`,
    '',
    "  /** One decoded record of any of the job's topics: a valid event (exactly one event field set) or a dead letter. */",
    '  public static class Envelope implements Decoded {',
    '    public String topic;',
    '    public int partition;',
    '    /** Event time, epoch milliseconds UTC. */',
    '    public long timestamp;',
    '    public byte[] rawKey;',
    '    public byte[] rawValue;',
  );
  for (const s of job.sources) lines.push(`    public ${simpleClass(s.schema.record)} ${s.topic};`);
  lines.push(
    '    /** Set when the record failed decoding or validation. */',
    '    public DeadLetter deadLetter;',
    '',
    '    public Envelope() {}',
    '',
    '    @Override',
    '    public DeadLetter deadLetter() {',
    '      return deadLetter;',
    '    }',
    '',
    '    @Override',
    '    public long eventTimeMillis() {',
    '      return timestamp;',
    '    }',
    '  }',
    '',
  );
  emitDecode(lines, job);
  for (const metric of job.metrics) emitMetric(lines, job, metric);
  emitDefineWorkflow(lines, job);
  emitMain(lines, job);
  lines.push('}', '');
  return lines.join('\n');
}

/**
 * The body of an AggregateFunction's add(in, acc): the same for a window's accumulator and a pane's partial, except
 * that a partial keeps a sum's or average's values in arrival order (PaneValues) instead of their running sum.
 */
function addMeasureLines(metric: Metric, into: 'accumulator' | 'partial'): string[] {
  const lines: string[] = [];
  for (const measure of metric.measures) {
    const n = measure.name;
    if (measure.kind === 'presence') {
      lines.push(
        `      if (in.${n}_member != null) {`,
        `        Js.presenceKeepNewer(acc.${n}, in.${n}_member, Js.presenceEntry(in.timestamp, in.${n}_leave));`,
        '      }',
      );
      continue;
    }
    const aggregation = measure.aggregation;
    if (into === 'partial' && (aggregation === 'sum' || aggregation === 'avg')) {
      lines.push(
        `      if (in.${n} != null) acc.${n}_values = PaneValues.append(acc.${n}_values, acc.${n}_count++, in.${n});`,
      );
      continue;
    }
    switch (aggregation) {
      case 'count':
        lines.push(`      if (in.${n}) acc.${n}++;`);
        break;
      case 'countDistinct':
        lines.push(
          `      if (in.${n} != null) acc.${n}.put(${measure.value?.result.base === 'number' ? `Js.sameValueZero(in.${n})` : `in.${n}`}, Boolean.TRUE);`,
        );
        break;
      case 'sum':
        lines.push(`      if (in.${n} != null) acc.${n} += in.${n};`);
        break;
      case 'avg':
        lines.push(
          `      if (in.${n} != null) {`,
          `        acc.${n}_sum += in.${n};`,
          `        acc.${n}_count++;`,
          '      }',
        );
        break;
      case 'min':
      case 'max':
        lines.push(
          `      if (in.${n} != null) acc.${n} = acc.${n} == null ? in.${n} : Double.valueOf(Math.${aggregation}(acc.${n}, in.${n}));`,
        );
        break;
    }
  }
  return lines;
}

/** The body of merge(a, b): as addMeasureLines, a partial concatenates a sum's or average's values in order. */
function mergeMeasureLines(metric: Metric, into: 'accumulator' | 'partial'): string[] {
  const lines: string[] = [];
  for (const measure of metric.measures) {
    const n = measure.name;
    if (measure.kind === 'presence') {
      lines.push(`      b.${n}.forEach((member, entry) -> Js.presenceKeepNewer(a.${n}, member, entry));`);
      continue;
    }
    const aggregation = measure.aggregation;
    if (into === 'partial' && (aggregation === 'sum' || aggregation === 'avg')) {
      lines.push(
        `      a.${n}_values = PaneValues.concat(a.${n}_values, a.${n}_count, b.${n}_values, b.${n}_count);`,
        `      a.${n}_count += b.${n}_count;`,
      );
      continue;
    }
    switch (aggregation) {
      case 'count':
      case 'sum':
        lines.push(`      a.${n} += b.${n};`);
        break;
      case 'countDistinct':
        lines.push(`      a.${n}.putAll(b.${n});`);
        break;
      case 'avg':
        lines.push(`      a.${n}_sum += b.${n}_sum;`, `      a.${n}_count += b.${n}_count;`);
        break;
      case 'min':
      case 'max':
        lines.push(
          `      if (b.${n} != null) a.${n} = a.${n} == null ? b.${n} : Double.valueOf(Math.${aggregation}(a.${n}, b.${n}));`,
        );
        break;
    }
  }
  return lines;
}
