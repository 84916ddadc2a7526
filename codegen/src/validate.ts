// Stage 3: rules about a lowered job that the type system cannot express (DESIGN §4): snake_case names, unique
// and unreserved columns, one lake table and topic per purpose. The rules are the DSL's own (dsl/rules.ts); this
// stage applies them to the IR and points each diagnostic at the node the IR recorded for the offending part.
import type { Diagnostic, SourceSpan } from './diagnostics';
import { diagnosticAtSpan } from './diagnostics';
import * as rules from '../../dsl/rules';
import type { Found, TopicUse, Violation } from '../../dsl/rules';
import type { Job, Metric } from './ir';

export function validateJob(job: Job): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (at: SourceSpan, violation: Violation | null) => {
    if (violation) diagnostics.push(diagnosticAtSpan(at, violation.code, violation.message));
  };
  const reportAll = (found: readonly Found<SourceSpan>[]) => {
    for (const { at, violation } of found) report(at, violation);
  };
  report(job.origin, rules.snakeCase('job id', job.id));
  for (const metric of job.metrics) {
    report(metric.origin, rules.snakeCase('metric id', metric.id));
    const names = [
      ...metric.measures.map((m) => ({ name: m.name, at: m.origin })),
      ...metric.derived.map((d) => ({ name: d.name, at: d.fn.origin })),
    ];
    reportAll(rules.columns(metric.id, metric.key, names));
  }
  reportAll(
    rules.lakeTables(
      job.metrics.flatMap((metric) =>
        metric.sinks.flatMap((sink) =>
          sink.kind === 'lake-table'
            ? [{ schema: sink.schema, table: sink.table, metricId: metric.id, at: sink.origin }]
            : [],
        ),
      ),
    ),
  );
  const origins = new Map(job.sources.map((s) => [s.topic, s.origin]));
  reportAll(
    rules.topics([
      ...job.metrics.flatMap((metric) =>
        metric.sources.map((topic) => ({
          topic,
          role: 'source' as const,
          owner: `metric ${metric.id}`,
          at: origins.get(topic)!,
        })),
      ),
      {
        topic: job.deadLetterTopic,
        role: 'dead-letter topic',
        owner: `job ${job.id}`,
        at: job.deadLetterOrigin,
      },
      ...job.metrics.flatMap(writtenTopics),
    ]),
  );
  return diagnostics;
}

function writtenTopics(metric: Metric): TopicUse<SourceSpan>[] {
  const owner = `metric ${metric.id}`;
  const late: TopicUse<SourceSpan>[] =
    metric.late.policy === 'side-output'
      ? [{ topic: metric.late.topic, role: 'late side output', owner, at: metric.late.origin }]
      : [];
  return [
    ...late,
    ...metric.sinks.flatMap((sink): TopicUse<SourceSpan>[] =>
      sink.kind === 'live-topic' ? [{ topic: sink.topic, role: 'live topic', owner, at: sink.origin }] : [],
    ),
  ];
}
