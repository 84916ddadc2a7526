// `collab-stream preview`: runs a job's metrics over a JSON-lines file with the reference evaluator and prints
// the rows it would write, with the late and dead-letter counts.
import fs from 'node:fs';
import type { Evaluation, Row } from '../../evaluator';
import { evaluate, parseTimestamp, readJsonl } from '../../evaluator';
import type { Job } from '../../dsl';
import { parseCommandArgs, UsageError } from './args';
import { formatValue } from './format';
import { resolveJob } from './jobs';
import { renderTable } from './table';

export const PREVIEW_HELP = `Usage: collab-stream preview <job id | job file> --events <file.jsonl> [--json] [--now <time>]

Runs the job's metrics over the events with the reference evaluator (no JVM) and prints the rows its lake
tables would hold, then the late and dead-letter counts by reason.

  --events <file>   JSON lines: {"topic": "chat_events", "value": {...}} or {"topic": ..., "bytes": "<base64>"};
                    lines starting with // are comments
  --json            print rows as JSON lines ({"metric": id, ...row}) on stdout; the summary goes to stderr
  --now <time>      the processing clock for the far-future timestamp check: ISO-8601 with a zone
                    (2026-11-25T10:00:00Z) or epoch millis (default: now)
  -h, --help        this help

Example: collab-stream preview meeting_metrics_30s --events schemas/fixtures/meeting-basic.jsonl`;

export interface PreviewIo {
  out(text: string): void;
  err(text: string): void;
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
  return readJsonl(text, file);
}

function columnsOf(job: Job, metricId: string): string[] {
  const metric = job.metrics.find((m) => m.id === metricId);
  if (!metric) return [];
  return [
    metric.key,
    'window_start',
    'window_end',
    ...Object.keys(metric.measures),
    ...Object.keys(metric.derived),
    'date',
  ];
}

export function summarise(job: Job, evaluation: Evaluation, elapsedMs: number): string {
  const { counts } = evaluation;
  const lines = [
    `${counts.records} records: ${counts.accepted} accepted, ${counts.ignored} on topics the job does not read`,
  ];
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
  const records = readEvents(values.events);
  const started = performance.now();
  const evaluation = evaluate(job, records, { now });
  const elapsed = performance.now() - started;
  if (values.json) {
    for (const { metric, row } of evaluation.rows) io.out(JSON.stringify({ metric, ...row }));
    io.err(summarise(job, evaluation, elapsed));
    return 0;
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
  io.out(summarise(job, evaluation, elapsed));
  return 0;
}
