// Stage 3: rules about a lowered job that the type system cannot express (DESIGN §4): snake_case names, unique
// and unreserved columns, one lake table and topic per purpose. The IR keeps source spans for exactly this.
import type { Diagnostic } from './diagnostics';
import { diagnosticAtSpan } from './diagnostics';
import { RESERVED_COLUMNS } from '../../dsl';
import type { Job } from './ir';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const RESERVED = new Set<string>(RESERVED_COLUMNS);

export function validateJob(job: Job): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const firstMetric = job.metrics[0];
  if (firstMetric && !SNAKE_CASE.test(job.id))
    diagnostics.push(
      diagnosticAtSpan(firstMetric.origin, 'not-snake-case', `job id '${job.id}' must be snake_case`),
    );
  const tables = new Map<string, string>();
  for (const metric of job.metrics) {
    if (!SNAKE_CASE.test(metric.id))
      diagnostics.push(
        diagnosticAtSpan(
          metric.origin,
          'not-snake-case',
          `metric id '${metric.id}' must be snake_case (a-z, 0-9, _)`,
        ),
      );
    if (!Number.isInteger(metric.version) || metric.version < 1) {
      diagnostics.push(
        diagnosticAtSpan(
          metric.origin,
          'not-static',
          `metric ${metric.id}: version must be a whole number ≥ 1`,
        ),
      );
    }
    const taken = new Set<string>([metric.key, ...RESERVED]);
    const named = [
      ...metric.measures.map((m) => ({ name: m.name, origin: m.origin })),
      ...metric.derived.map((d) => ({ name: d.name, origin: d.fn.origin })),
    ];
    for (const { name, origin } of named) {
      if (!SNAKE_CASE.test(name))
        diagnostics.push(
          diagnosticAtSpan(
            origin,
            'not-snake-case',
            `column '${name}' of metric ${metric.id} must be snake_case`,
          ),
        );
      if (taken.has(name))
        diagnostics.push(
          diagnosticAtSpan(
            origin,
            'duplicate-column',
            `column '${name}' of metric ${metric.id} is defined twice or is reserved`,
          ),
        );
      taken.add(name);
    }
    for (const sink of metric.sinks) {
      if (sink.kind !== 'lake-table') continue;
      const qualified = `${sink.schema}.${sink.table}`;
      if (!SNAKE_CASE.test(sink.table) || !SNAKE_CASE.test(sink.schema))
        diagnostics.push(
          diagnosticAtSpan(metric.origin, 'not-snake-case', `lake table ${qualified} must be snake_case`),
        );
      const owner = tables.get(qualified);
      if (owner)
        diagnostics.push(
          diagnosticAtSpan(
            metric.origin,
            'duplicate-metric',
            `lake table ${qualified} is written by metrics ${owner} and ${metric.id}`,
          ),
        );
      tables.set(qualified, metric.id);
    }
  }
  return diagnostics;
}
