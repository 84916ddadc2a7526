// Stage 2: lower the loaded `job({...})` call to the IR. Definition values are read statically (static-value.ts),
// DSL calls are recognised by their declaration in dsl/, and every arrow function is translated by expr/. Problems
// are collected, not thrown, so one run reports every one of them.
import { Node } from 'ts-morph';
import type { CallExpression } from 'ts-morph';
import type { Diagnostic, DiagnosticCode, SourceSpan } from './diagnostics';
import { diagnosticAt, repoRelative, spanOf } from './diagnostics';
import { translateFunction, typeName } from './expr/translate';
import type { FnContext } from './expr/translate';
import type {
  ActivityAggregation,
  Column,
  ColumnType,
  DerivedMeasure,
  EventSchema,
  Fn,
  Job,
  LatePolicy,
  Measure,
  Metric,
  Sink,
  Source,
  ValueType,
  Window,
} from './ir';
import { IR_VERSION, freezeDeep } from './ir';
import type { LoadedJob } from './load';
import type { StaticValue } from './static-value';
import { dslCallee, resolveStatic, unwrap } from './static-value';

// The DSL's own rules, imported rather than copied, so the compiler and the evaluator cannot disagree on them.
import { keyFields, parseDuration } from '../../dsl';
import * as rules from '../../dsl/rules';
import type { Violation } from '../../dsl/rules';
import { DEFAULT_TIMESTAMP_BOUNDS } from '../../dsl/source';

/** Thrown to abandon the current definition; the diagnostic has already been recorded. */
class Abandon extends Error {}

export interface LowerResult {
  readonly job: Job | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** Per-metric source spans that validate.ts points its diagnostics at. */
export interface MetricSpans {
  readonly key: Node;
  readonly window: Node;
}

class Lowerer {
  readonly diagnostics: Diagnostic[] = [];
  /** Source declarations by topic, as first seen, to detect the same topic declared differently. */
  private readonly sourcesByTopic = new Map<string, { source: Source; node: Node }>();
  /** The job being lowered, for messages that name it. */
  private jobId = '';

  constructor(private readonly schemas: ReadonlyMap<string, EventSchema>) {}

  fail(node: Node, code: DiagnosticCode, message: string): never {
    this.diagnostics.push(diagnosticAt(node, code, message));
    throw new Abandon();
  }

  /** Abandons the definition: a shared rule (dsl/rules.ts) is broken at `node`. */
  violate(node: Node, violation: Violation): never {
    return this.fail(node, violation.code, violation.message);
  }

  /** Abandons the definition when a shared rule is broken at `node`. */
  enforce(node: Node, violation: Violation | null): void {
    if (violation) this.violate(node, violation);
  }

  /** Runs `body`, turning an abandoned definition into `null` so the caller can go on with the next one. */
  attempt<T>(body: () => T): T | null {
    try {
      return body();
    } catch (error) {
      if (error instanceof Abandon) return null;
      throw error;
    }
  }

  value(node: Node): StaticValue {
    const resolved = resolveStatic(node);
    if (!resolved.ok) {
      this.diagnostics.push(resolved.diagnostic);
      throw new Abandon();
    }
    return resolved.value;
  }

  string(node: Node, what: string): string {
    const value = this.value(node);
    if (value.kind !== 'string')
      this.fail(node, 'not-static', `${what} must be a string literal or a const string`);
    return value.value;
  }

  number(node: Node, what: string): number {
    const value = this.value(node);
    if (value.kind !== 'number')
      this.fail(node, 'not-static', `${what} must be a number literal or a const number`);
    return value.value;
  }

  object(node: Node, what: string): ReadonlyMap<string, Node> {
    const value = this.value(node);
    if (value.kind !== 'object') this.fail(node, 'not-static', `${what} must be an object literal`);
    return value.props;
  }

  array(node: Node, what: string): readonly Node[] {
    const value = this.value(node);
    if (value.kind !== 'array') this.fail(node, 'not-static', `${what} must be an array literal`);
    return value.elements;
  }

  /** A call to one of the named DSL functions; returns the call and its name. */
  dslCall(node: Node, names: readonly string[], what: string): { name: string; call: CallExpression } {
    const value = this.value(node);
    if (value.kind !== 'dsl-call' || !names.includes(value.name)) {
      this.fail(
        node,
        'unknown-dsl-call',
        `${what} must be a call to ${names.map((n) => n + '(…)').join(' or ')}`,
      );
    }
    return { name: value.name, call: value.call };
  }

  /** The object literal passed as the call's first argument. */
  argObject(call: CallExpression): ReadonlyMap<string, Node> {
    const arg = call.getArguments()[0];
    if (!arg) this.fail(call, 'not-static', 'expected an object argument');
    return this.object(arg, 'the argument');
  }

  required(props: ReadonlyMap<string, Node>, name: string, at: Node): Node {
    const node = props.get(name);
    if (!node) this.violate(at, rules.missingProperty(name));
    return node;
  }

  duration(node: Node): number {
    const result = rules.duration(this.string(node, 'a duration'));
    if (!result.ok) return this.fail(node, result.violation.code, result.violation.message);
    return result.ms;
  }

  fn(node: Node, ctx: FnContext): Fn {
    const value = this.value(node);
    if (value.kind !== 'function') this.fail(node, 'not-static', 'expected an arrow function');
    const result = translateFunction(value.fn, ctx);
    if (!result.ok) {
      this.diagnostics.push(...result.diagnostics);
      throw new Abandon();
    }
    return result.fn;
  }

  // -------------------------------------------------------------------------------------------------------------

  job(loaded: LoadedJob): Job | null {
    const call = loaded.jobCall;
    return this.attempt(() => {
      const props = this.argObject(call);
      const idNode = this.required(props, 'id', call);
      const id = this.string(idNode, 'the job id');
      this.jobId = id;
      const description = props.has('description')
        ? this.string(props.get('description')!, 'the description')
        : '';
      const deadLetterNode = this.required(props, 'deadLetterTopic', call);
      const deadLetterTopic = this.string(deadLetterNode, 'the dead-letter topic');
      const metricsNode = this.required(props, 'metrics', call);
      const metricNodes = this.array(metricsNode, 'metrics');
      this.enforce(metricsNode, rules.nonEmpty('no-metrics', id, metricNodes));
      const lowered = metricNodes.flatMap((node) => {
        const metric = this.attempt(() => this.metric(node));
        return metric ? [{ id: metric.id, metric, at: node }] : [];
      });
      const duplicates = rules.duplicateMetrics(id, lowered);
      for (const { at, violation } of duplicates)
        this.diagnostics.push(diagnosticAt(at, violation.code, violation.message));
      const metrics = lowered.filter((m) => !duplicates.some((d) => d.at === m.at)).map((m) => m.metric);
      const sources: Source[] = [];
      const seenTopics = new Set<string>();
      for (const metric of metrics) {
        for (const topic of metric.sources) {
          if (seenTopics.has(topic)) continue;
          seenTopics.add(topic);
          const declared = this.sourcesByTopic.get(topic);
          if (declared) sources.push(declared.source);
        }
      }
      return {
        irVersion: IR_VERSION,
        id,
        description,
        file: repoRelative(loaded.sourceFile.getFilePath()),
        deadLetterTopic,
        origin: spanOf(idNode),
        deadLetterOrigin: spanOf(deadLetterNode),
        sources,
        metrics,
      };
    });
  }

  source(node: Node): Source {
    const { call } = this.dslCall(node, ['source'], 'a source');
    const props = this.argObject(call);
    const topicNode = this.required(props, 'topic', call);
    const topic = this.string(topicNode, 'the topic');
    const schema = this.schemas.get(topic);
    if (!schema)
      this.fail(topicNode, 'unknown-topic', `topic '${topic}' has no schema in schemas/registry.json`);
    const eventTimeNode = this.required(props, 'eventTime', call);
    const eventTime = this.string(eventTimeNode, 'the event-time field');
    const field = schema.fields.find((f) => f.name === eventTime);
    if (!field || field.logicalType !== 'timestamp-millis' || field.nullable) {
      this.fail(
        eventTimeNode,
        'bad-event-time',
        `'${eventTime}' is not a required timestamp-millis field of ${topic}`,
      );
    }
    const watermark = this.object(this.required(props, 'watermark', call), 'the watermark');
    const maxOutOfOrderMs = this.duration(this.required(watermark, 'maxOutOfOrder', call));
    const idleAfterMs = this.duration(this.required(watermark, 'idleAfter', call));
    let notBefore = DEFAULT_TIMESTAMP_BOUNDS.notBefore;
    let maxAheadOfNowMs = parseDuration(DEFAULT_TIMESTAMP_BOUNDS.maxAheadOfNow);
    const boundsNode = props.get('timestampBounds');
    if (boundsNode) {
      const bounds = this.object(boundsNode, 'the timestamp bounds');
      const notBeforeNode = bounds.get('notBefore');
      if (notBeforeNode) notBefore = this.string(notBeforeNode, 'notBefore');
      const aheadNode = bounds.get('maxAheadOfNow');
      if (aheadNode) maxAheadOfNowMs = this.duration(aheadNode);
      if (notBeforeNode) this.enforce(notBeforeNode, rules.timestampBound(notBefore));
    }
    const source: Source = {
      topic,
      eventTime,
      maxOutOfOrderMs,
      idleAfterMs,
      notBefore,
      notBeforeMs: rules.timestampBoundMillis(notBefore),
      maxAheadOfNowMs,
      schema,
      origin: spanOf(topicNode),
    };
    const seen = this.sourcesByTopic.get(topic);
    // Where a source is declared is not one of its settings.
    const settings = (s: Source) => JSON.stringify({ ...s, origin: null });
    if (seen && settings(seen.source) !== settings(source)) {
      const first = spanOf(seen.node);
      const { code, message } = rules.conflictingSource(this.jobId, topic);
      this.fail(node, code, `${message} (first at ${first.file}:${first.line})`);
    }
    if (!seen) this.sourcesByTopic.set(topic, { source, node });
    return source;
  }

  window(node: Node): Window {
    const { name, call } = this.dslCall(node, ['tumbling', 'sliding', 'cumulate', 'session'], 'the window');
    const arg = call.getArguments()[0];
    if (!arg) this.fail(call, 'not-static', 'the window needs a size');
    const origin = spanOf(node);
    if (name === 'tumbling') return { kind: 'tumbling', sizeMs: this.duration(arg), origin };
    if (name === 'cumulate') return this.cumulate(arg, call, origin);
    if (name === 'session') return this.sessionWindow(arg, call, origin);
    const props = this.object(arg, 'the sliding window');
    const sizeMs = this.duration(this.required(props, 'size', call));
    const slideMs = this.duration(this.required(props, 'slide', call));
    this.enforce(arg, rules.slidingWindow(sizeMs, slideMs));
    return { kind: 'sliding', sizeMs, slideMs, origin };
  }

  private cumulate(arg: Node, call: CallExpression, origin: SourceSpan): Window {
    const props = this.object(arg, 'the cumulating window');
    const stepMs = this.duration(this.required(props, 'step', call));
    const maxMs = this.duration(this.required(props, 'max', call));
    this.enforce(arg, rules.cumulateWindow(stepMs, maxMs));
    return { kind: 'cumulate', stepMs, maxMs, origin };
  }

  private sessionWindow(arg: Node, call: CallExpression, origin: SourceSpan): Window {
    const props = this.object(arg, 'the session window');
    const gapMs = this.duration(this.required(props, 'gap', call));
    const maxDuration = props.get('maxDuration');
    const maxDurationMs = maxDuration ? this.duration(maxDuration) : null;
    this.enforce(maxDuration ?? arg, rules.sessionWindow(gapMs, maxDurationMs));
    return { kind: 'session', gapMs, maxDurationMs, origin };
  }

  late(node: Node): LatePolicy {
    const { name, call } = this.dslCall(node, ['dropAndCount', 'sideOutput'], 'the late-data policy');
    const origin = spanOf(node);
    if (name === 'dropAndCount') return { policy: 'drop-and-count', origin };
    const topicNode = call.getArguments()[0];
    if (!topicNode) this.violate(call, rules.missingProperty('topic'));
    return { policy: 'side-output', topic: this.string(topicNode, 'the side-output topic'), origin };
  }

  sink(node: Node): Sink {
    const { name, call } = this.dslCall(node, ['lakeTable', 'liveTopic'], 'a sink');
    const props = this.argObject(call);
    const origin = spanOf(node);
    if (name === 'liveTopic')
      return {
        kind: 'live-topic',
        topic: this.string(this.required(props, 'topic', call), 'the topic'),
        origin,
      };
    const schema = props.has('schema')
      ? this.string(props.get('schema')!, 'the lake schema')
      : rules.DEFAULT_LAKE_SCHEMA;
    return {
      kind: 'lake-table',
      schema,
      table: this.string(this.required(props, 'table', call), 'the table'),
      origin,
    };
  }

  metric(node: Node): Metric {
    const { call } = this.dslCall(node, ['metric'], 'a metric');
    const props = this.argObject(call);
    const idNode = this.required(props, 'id', call);
    const id = this.string(idNode, 'the metric id');
    const versionNode = this.required(props, 'version', call);
    const version = this.number(versionNode, 'the version');
    this.enforce(versionNode, rules.version(id, version));
    const description = props.has('description')
      ? this.string(props.get('description')!, 'the description')
      : '';
    const sourcesNode = this.required(props, 'sources', call);
    const sources = this.array(sourcesNode, 'sources').map((s) => this.source(s));
    this.enforce(sourcesNode, rules.nonEmpty('no-sources', id, sources));
    const key = this.key(this.required(props, 'key', call), id, sources);
    const window = this.window(this.required(props, 'window', call));
    const late = this.late(this.required(props, 'late', call));
    const measures = this.measures(this.required(props, 'measures', call), id, sources);
    const before = this.diagnostics.length;
    const derived = this.derived(props.get('derived'), measures);
    // A derived measure that did not lower would reappear as an unknown column of `having`: one report is enough.
    const having =
      this.diagnostics.length === before ? this.having(props.get('having'), measures, derived) : null;
    const sinks = this.array(this.required(props, 'sinks', call), 'sinks').map((s) => this.sink(s));
    const columns: Column[] = [
      ...keyFields(key).map((name): Column => ({ name, type: 'varchar', nullable: false })),
      { name: 'window_start', type: 'timestamp', nullable: false },
      { name: 'window_end', type: 'timestamp', nullable: false },
      ...measures.map((m): Column => ({ name: m.name, type: m.column, nullable: m.nullable })),
      ...derived.map((d): Column => ({ name: d.name, type: d.column, nullable: d.nullable })),
      { name: 'date', type: 'date', nullable: false },
    ];
    return {
      id,
      version,
      description,
      sources: sources.map((s) => s.topic),
      key,
      window,
      late,
      measures,
      derived,
      ...(having ? { having } : {}),
      sinks,
      columns,
      origin: spanOf(idNode),
    };
  }

  /** A field name, or a non-empty list of distinct ones (a composite key); each a required string of every source. */
  key(node: Node, metricId: string, sources: readonly Source[]): string | readonly string[] {
    const value = this.value(node);
    const parts =
      value.kind === 'array'
        ? value.elements.map((element) => ({ name: this.string(element, 'a key field'), at: element }))
        : [{ name: this.string(node, 'the key'), at: node }];
    if (value.kind === 'array') {
      const names = parts.map((p) => p.name);
      this.enforce(node, rules.nonEmptyKey(metricId, names));
      for (const { at, violation } of rules.duplicateKeyFields(metricId, parts)) this.violate(at, violation);
    }
    for (const { name, at } of parts)
      for (const source of sources) {
        const field = source.schema.fields.find((f) => f.name === name);
        const problem = !field
          ? 'is not a field of'
          : field.physical !== 'string'
            ? `is ${/^[aeiou]/.test(field.physical) ? 'an' : 'a'} ${field.physical}, not a string, in`
            : field.nullable
              ? 'may be null in'
              : null;
        if (problem)
          this.fail(
            at,
            'bad-key-field',
            value.kind === 'array'
              ? `key field '${name}' ${problem} ${source.topic}: every key field must be a required string field of every source`
              : `'${name}' is not a required string field of ${source.topic}`,
          );
      }
    return value.kind === 'array' ? parts.map((p) => p.name) : (parts[0] as { name: string }).name;
  }

  measures(node: Node, metricId: string, sources: readonly Source[]): Measure[] {
    const value = this.value(node);
    if (value.kind !== 'function')
      this.fail(node, 'bad-measures-shape', 'measures must be an arrow function (m) => ({ … })');
    const fn = value.fn;
    const param = fn.getParameters()[0]?.getNameNode();
    if (!param || !Node.isIdentifier(param))
      this.fail(
        fn,
        'bad-measures-shape',
        'measures must take the aggregations as one named parameter, e.g. (m) => ({ … })',
      );
    let body: Node | undefined = fn.getBody();
    if (body && Node.isBlock(body)) {
      const statements = body.getStatements();
      const only = statements[0];
      body =
        statements.length === 1 && only && Node.isReturnStatement(only) ? only.getExpression() : undefined;
    }
    const literal = body ? unwrap(body) : undefined;
    if (!literal || !Node.isObjectLiteralExpression(literal))
      this.fail(
        fn,
        'bad-measures-shape',
        'measures must return an object literal: (m) => ({ name: m.count(), … })',
      );
    const result: Measure[] = [];
    for (const property of literal.getProperties()) {
      const measure = this.attempt(() => {
        if (!Node.isPropertyAssignment(property))
          this.fail(property, 'bad-measures-shape', 'each measure is `name: m.<aggregation>(…)`');
        const initializer = property.getInitializerOrThrow();
        return this.measure(metricId, property.getName(), initializer, param.getText(), sources);
      });
      if (measure) result.push(measure);
    }
    return result;
  }

  measure(metricId: string, name: string, node: Node, param: string, sources: readonly Source[]): Measure {
    const call = unwrap(node);
    const callee = Node.isCallExpression(call) ? dslCallee(call) : null;
    if (!Node.isCallExpression(call) || !callee?.startsWith('Aggregations.'))
      this.fail(
        node,
        'bad-measures-shape',
        `measure '${name}' must be a call on '${param}', e.g. ${param}.count()`,
      );
    const aggregation = callee.slice('Aggregations.'.length);
    const receiverAccess = unwrap(call.getExpression());
    if (!Node.isPropertyAccessExpression(receiverAccess))
      this.fail(call, 'bad-measures-shape', `measure '${name}' must be a call on '${param}'`);
    const receiver = unwrap(receiverAccess.getExpression());
    let topics = sources.map((s) => s.topic);
    if (Node.isCallExpression(receiver) && dslCallee(receiver) === 'Aggregations.from') {
      const inner = unwrap(receiver.getExpression());
      if (!Node.isPropertyAccessExpression(inner) || unwrap(inner.getExpression()).getText() !== param)
        this.fail(receiver, 'bad-measures-shape', `write ${param}.from(source).…`);
      const sourceArg = receiver.getArguments()[0];
      if (!sourceArg) this.fail(receiver, 'bad-measures-shape', 'from(…) needs a source');
      const from = this.source(sourceArg);
      this.enforce(sourceArg, rules.measureSource(metricId, name, from.topic, topics));
      topics = [from.topic];
    } else if (!Node.isIdentifier(receiver) || receiver.getText() !== param) {
      this.fail(
        receiver,
        'bad-measures-shape',
        `measure '${name}' must be a call on '${param}' or '${param}.from(source)'`,
      );
    }
    const schemas = topics.map((topic) => sources.find((s) => s.topic === topic)!.schema.fields);
    const ctx: FnContext = { kind: 'event', schemas };
    const origin = spanOf(node);
    const args = call.getArguments();
    const where = (optionsNode: Node | undefined): Fn | null => {
      if (!optionsNode) return null;
      const options = this.object(optionsNode, 'the options');
      const whereNode = options.get('where');
      if (!whereNode) return null;
      const fn = this.fn(whereNode, ctx);
      return fn;
    };
    const checkResult = (
      fn: Fn,
      at: Node,
      allowed: readonly string[],
      nullable: boolean,
      what: string,
    ): Fn => {
      if (!allowed.includes(fn.result.base) || (fn.result.nullable && !nullable))
        this.fail(
          at,
          'type-mismatch',
          `${what} must return ${allowed.join(' or ')}${nullable ? ' (or null)' : ''}`,
        );
      return fn;
    };
    if (aggregation === 'presence') {
      const def = this.object(args[0] ?? call, 'the presence definition');
      const memberNode = this.required(def, 'member', call);
      const member = checkResult(this.fn(memberNode, ctx), memberNode, ['string'], false, 'member');
      const joinsNode = this.required(def, 'joins', call);
      const joins = checkResult(this.fn(joinsNode, ctx), joinsNode, ['boolean'], false, 'joins');
      const leavesNode = this.required(def, 'leaves', call);
      const leaves = checkResult(this.fn(leavesNode, ctx), leavesNode, ['boolean'], false, 'leaves');
      const ttlMs = this.duration(this.required(def, 'ttl', call));
      return {
        kind: 'presence',
        name,
        topics,
        column: 'bigint',
        nullable: false,
        origin,
        member,
        joins,
        leaves,
        ttlMs,
      };
    }
    if (aggregation === 'count') {
      const whereFn = where(args[0]);
      return {
        kind: 'activity',
        name,
        topics,
        column: 'bigint',
        nullable: false,
        origin,
        aggregation,
        value: null,
        where: whereFn,
      };
    }
    const valueNode = args[0];
    if (!valueNode) this.fail(call, 'bad-measures-shape', `${aggregation} needs a value function`);
    const valueFn = this.fn(valueNode, ctx);
    if (aggregation === 'percentile' || aggregation === 'approxPercentile') {
      checkResult(valueFn, valueNode, ['number'], true, `the value of ${aggregation}`);
      const fractionNode = args[1];
      if (!fractionNode) this.fail(call, 'bad-measures-shape', `${aggregation} needs a fraction, e.g. 0.95`);
      const fraction = this.number(fractionNode, 'the percentile fraction');
      this.enforce(fractionNode, rules.percentileFraction(fraction));
      const measure = {
        kind: 'activity',
        name,
        topics,
        column: 'double',
        nullable: true,
        origin,
        aggregation,
        value: valueFn,
        where: where(args[2]),
        fraction,
      } as const;
      if (aggregation === 'percentile') return measure;
      const relativeErrorNode = args[2] && this.object(args[2], 'the options').get('relativeError');
      const relativeError = relativeErrorNode
        ? this.number(relativeErrorNode, 'the relativeError')
        : rules.DEFAULT_RELATIVE_ERROR;
      if (relativeErrorNode) this.enforce(relativeErrorNode, rules.approxRelativeError(relativeError));
      return { ...measure, relativeError };
    }
    const whereFn = where(args[1]);
    if (aggregation === 'first' || aggregation === 'last') {
      checkResult(valueFn, valueNode, ['number', 'string', 'boolean'], true, `the value of ${aggregation}`);
      const column: ColumnType =
        valueFn.result.base === 'number'
          ? 'double'
          : valueFn.result.base === 'string'
            ? 'varchar'
            : 'boolean';
      return {
        kind: 'activity',
        name,
        topics,
        column,
        nullable: true,
        origin,
        aggregation,
        value: valueFn,
        where: whereFn,
      };
    }
    if (aggregation === 'countDistinct') {
      checkResult(
        valueFn,
        valueNode,
        valueFn.result.base === 'number' ? ['number'] : ['string'],
        true,
        'a countDistinct value',
      );
      return {
        kind: 'activity',
        name,
        topics,
        column: 'bigint',
        nullable: false,
        origin,
        aggregation,
        value: valueFn,
        where: whereFn,
      };
    }
    if (aggregation !== 'sum' && aggregation !== 'avg' && aggregation !== 'min' && aggregation !== 'max')
      this.fail(call, 'bad-measures-shape', `unknown aggregation ${aggregation}`);
    checkResult(valueFn, valueNode, ['number'], true, `a ${aggregation} value`);
    const agg: ActivityAggregation = aggregation;
    return {
      kind: 'activity',
      name,
      topics,
      column: 'double',
      nullable: agg !== 'sum',
      origin,
      aggregation: agg,
      value: valueFn,
      where: whereFn,
    };
  }

  derived(node: Node | undefined, measures: readonly Measure[]): DerivedMeasure[] {
    if (!node) return [];
    const props = this.object(node, 'derived');
    const measureTypes = measureValueTypes(measures);
    const result: DerivedMeasure[] = [];
    for (const [name, fnNode] of props) {
      const derived = this.attempt((): DerivedMeasure => {
        const fn = this.fn(fnNode, { kind: 'derived', measures: measureTypes });
        const column: ColumnType | null =
          fn.result.base === 'number'
            ? 'double'
            : fn.result.base === 'string'
              ? 'varchar'
              : fn.result.base === 'boolean'
                ? 'boolean'
                : null;
        if (!column)
          this.fail(
            fnNode,
            'type-mismatch',
            `derived measure '${name}' always returns null: it needs a type`,
          );
        // A non-finite number is written as null (SEMANTICS.md), so every number column here may be null.
        return { name, fn, column, nullable: fn.result.nullable || column === 'double' };
      });
      if (derived) result.push(derived);
    }
    return result;
  }

  /**
   * The row filter: a derived-measure function (same subset, same translation) that also reads the derived
   * measures as the row holds them (a double may be null), and must return a boolean.
   */
  having(
    node: Node | undefined,
    measures: readonly Measure[],
    derived: readonly DerivedMeasure[],
  ): Fn | null {
    if (!node) return null;
    const row = new Map<string, ValueType>([
      ...measureValueTypes(measures),
      ...derived.map((d): [string, ValueType] => [d.name, { base: d.fn.result.base, nullable: d.nullable }]),
    ]);
    return this.attempt((): Fn => {
      const fn = this.fn(node, { kind: 'derived', measures: row, reads: 'a measure or derived measure' });
      if (fn.result.base !== 'boolean' || fn.result.nullable)
        this.fail(node, 'type-mismatch', `having must return boolean, not ${typeName(fn.result)}`);
      return fn;
    });
  }
}

/** Measures as a derived function reads them: numbers (counts widened) or a first/last's type, null where it may be. */
function measureValueTypes(measures: readonly Measure[]): Map<string, ValueType> {
  return new Map(
    measures.map((m): [string, ValueType] => [
      m.name,
      {
        base: m.column === 'varchar' ? 'string' : m.column === 'boolean' ? 'boolean' : 'number',
        nullable: m.nullable,
      },
    ]),
  );
}

export function lowerJob(loaded: LoadedJob, schemas: ReadonlyMap<string, EventSchema>): LowerResult {
  const lowerer = new Lowerer(schemas);
  const job = lowerer.job(loaded);
  return {
    job: job && lowerer.diagnostics.length === 0 ? freezeDeep(job) : null,
    diagnostics: lowerer.diagnostics,
  };
}
