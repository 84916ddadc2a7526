// `collab-stream preview`: runs a job's metrics over a JSON-lines file with the reference evaluator and prints
// the rows it would write, with the late and dead-letter counts. A malformed line does not stop it: every one is
// reported with its file:line, and the records on the other lines are evaluated.
import fs from 'node:fs';
import type { DeadLetter, Evaluation, InputRecord, JsonlContents, Row } from '../../evaluator';
import { evaluate, parseTimestamp, readJsonlLines } from '../../evaluator';
import type { Job } from '../../dsl';
import { keyFields } from '../../dsl';
import { parseCommandArgs, UsageError } from './args';
import { formatValue } from './format';
import { resolveJob } from './jobs';
import type { Logger } from './log';
import { createLogger } from './log';
import { renderTable } from './table';

export const PREVIEW_HELP = `Usage: collab-stream preview <job id | job file> --events <file.jsonl> [--json] [--dead-letters] [--now <time>]

Runs the job's metrics over the events with the reference evaluator (no JVM) and prints the rows its lake
tables would hold, then the late and dead-letter counts by reason. Every malformed line is reported
(file:line: why) and skipped; the other lines are still evaluated, and the exit status is then 1.

  --events <file>   JSON lines: {"topic": "chat_events", "value": {...}} or {"topic": ..., "bytes": "<base64>"};
                    lines starting with // are comments
  --json            print rows as JSON lines ({"metric": id, ...row}) on stdout; the summary goes to stderr
  --dead-letters    list every dead-lettered record: file:line, reason, detail, topic/partition@offset
  --now <time>      the processing clock for the far-future timestamp check: ISO-8601 with a zone
                    (2026-11-25T10:00:00Z) or epoch millis (default: now)
  -h, --help        this help

Example: collab-stream preview meeting_metrics_30s --events schemas/fixtures/meeting-basic.jsonl`;

export interface PreviewIo {
  out(text: string): void;
  err(text: string): void;
  readonly log?: Logger;
}

function readEvents(file: string) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `events file not found: ${file}`
        : `cannot read ${file}: ${(error as Error).message}`,
    );
  }
  return readJsonlLines(text, file);
}

/** Each dead letter on its own line, where it came from first, in input order. */
function listDeadLetters(
  deadLetters: readonly DeadLetter[],
  lineOf: (record: InputRecord) => string,
): string {
  const lines = deadLetters.map(
    (d) =>
      `${lineOf(d.record)}: ${d.reason}: ${d.detail} (${d.record.topic}/${d.record.partition}@${d.record.offset})`,
  );
  return `dead-lettered records: ${deadLetters.length}${lines.map((l) => `\n  ${l}`).join('')}`;
}

function lineIndex(file: string, input: JsonlContents): (record: InputRecord) => string {
  const lines = new Map(input.records.map((record, i) => [record, input.lines[i]]));
  return (record) => `${file}:${lines.get(record) ?? '?'}`;
}

function columnsOf(job: Job, metricId: string): string[] {
  const metric = job.metrics.find((m) => m.id === metricId);
  if (!metric) return [];
  return [
    ...keyFields(metric.key),
    'window_start',
    'window_end',
    ...Object.keys(metric.measures),
    ...Object.keys(metric.derived),
    'date',
  ];
}

export function summarise(job: Job, evaluation: Evaluation, elapsedMs: number, malformedLines = 0): string {
  const { counts } = evaluation;
  const lines = [
    `${counts.records} records: ${counts.accepted} accepted, ${counts.ignored} on topics the job does not read`,
  ];
  if (malformedLines > 0) lines.push(`malformed lines: ${malformedLines} (listed above, not evaluated)`);
  for (const metric of job.metrics) {
    const late = counts.late[metric.id] ?? 0;
    const where =
      metric.late.policy === 'side-output' ? `kept in topic ${metric.late.topic}` : 'dropped and counted';
    lines.push(`late events for ${metric.id}: ${late} (${where})`);
  }
  const reasons = Object.entries(counts.deadLetters).sort(([a], [b]) => a.localeCompare(b));
  const total = reasons.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  lines.push(`dead letters: ${total}${reasons.map(([reason, n]) => `\n  ${reason}: ${n}`).join('')}`);
  lines.push(`evaluated in ${elapsedMs.toFixed(1)} ms`);
  return lines.join('\n');
}

function nowOption(text: string): number {
  const parsed = parseTimestamp(text);
  if (!parsed.ok) throw new UsageError(`preview: --now ${parsed.problem}`);
  return parsed.millis;
}

export function runPreview(argv: readonly string[], io: PreviewIo): number {
  const { values, positionals } = parseCommandArgs('preview', argv, {
    events: { type: 'string' },
    json: { type: 'boolean' },
    'dead-letters': { type: 'boolean' },
    now: { type: 'string' },
  });
  if (values.help) {
    io.out(PREVIEW_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(`preview: give one job id or job file. See 'collab-stream preview --help'.`);
  if (!values.events)
    throw new UsageError(`preview: --events <file.jsonl> is required. See 'collab-stream preview --help'.`);
  const now = values.now === undefined ? Date.now() : nowOption(values.now);
  const job = resolveJob(positionals[0] as string);
  const log = io.log ?? createLogger({ format: 'text', dataset: 'collab-stream.preview', write: io.err });
  const input = readEvents(values.events);
  for (const error of input.errors) log.warn(error.message, { 'file.path': values.events });
  const started = performance.now();
  const evaluation = evaluate(job, input.records, { now });
  const elapsed = performance.now() - started;
  const status = input.errors.length > 0 ? 1 : 0;
  const deadLetters = values['dead-letters']
    ? listDeadLetters(evaluation.deadLetters, lineIndex(values.events, input))
    : undefined;
  const summary = summarise(job, evaluation, elapsed, input.errors.length);
  if (values.json) {
    for (const { metric, row } of evaluation.rows) io.out(JSON.stringify({ metric, ...row }));
    // With rows as JSON on stdout, the summary is a log line: counts as fields for a JSON pipeline.
    if (deadLetters !== undefined)
      log.info(deadLetters, { 'collab.dead_letters': evaluation.deadLetters.length });
    log.info(summary, {
      'collab.records': evaluation.counts.records,
      'collab.accepted': evaluation.counts.accepted,
      'collab.late': evaluation.counts.late,
      'collab.dead_letters_by_reason': evaluation.counts.deadLetters,
      'collab.malformed_lines': input.errors.length,
    });
    return status;
  }
  for (const metric of job.metrics) {
    const columns = columnsOf(job, metric.id);
    const rows = evaluation.rows.filter((r) => r.metric === metric.id).map((r) => r.row);
    io.out(`${metric.id} (${rows.length} rows)`);
    io.out(
      renderTable(
        columns,
        rows.map((row: Row) => columns.map((c) => formatValue(c, row[c]))),
      ),
    );
    io.out('');
  }
  if (deadLetters !== undefined) io.out(`${deadLetters}\n`);
  io.out(summary);
  return status;
}
