// The reference evaluator: runs a job's metrics over an ordered sequence of input records, as the generated
// Flink job would, without a JVM. `JobEvaluator` takes records one at a time; `evaluate` runs a whole input.
import type { Job } from '../../dsl';
import { keyFields } from '../../dsl';
import type { SchemaCatalog } from '../../schemas/src/catalog';
import { defaultCatalog } from '../../schemas/src/catalog';
import type { ValidationLimits } from './limits';
import { DEFAULT_LIMITS } from './limits';
import { MetricRun } from './metric-run';
import type { DeadLetter, DeadLetterReason, InputRecord, LateEvent, MetricRow } from './records';
import type { SourceValidator } from './validate';
import { sourceValidator, validateRecord } from './validate';

export interface EvaluateOptions {
  /** The processing clock, for the far-future timestamp bound (epoch millis). */
  readonly now: number;
  readonly catalog?: SchemaCatalog;
  readonly limits?: ValidationLimits;
}

export interface EvaluationCounts {
  readonly records: number;
  readonly accepted: number;
  /** Records on topics the job does not read (a Kafka consumer would not have subscribed to them). */
  readonly ignored: number;
  readonly deadLetters: Readonly<Partial<Record<DeadLetterReason, number>>>;
  /** Late events per metric id. */
  readonly late: Readonly<Record<string, number>>;
}

export interface Evaluation {
  readonly rows: readonly MetricRow[];
  readonly late: readonly LateEvent[];
  readonly deadLetters: readonly DeadLetter[];
  readonly counts: EvaluationCounts;
}

export class JobEvaluator {
  private readonly runs: MetricRun[];
  private readonly validators = new Map<string, SourceValidator>();
  private readonly catalog: SchemaCatalog;
  private readonly limits: ValidationLimits;
  readonly rows: MetricRow[] = [];
  readonly late: LateEvent[] = [];
  readonly deadLetters: DeadLetter[] = [];
  private records = 0;
  private accepted = 0;
  private ignored = 0;

  constructor(
    readonly job: Job,
    private readonly options: EvaluateOptions,
  ) {
    this.catalog = options.catalog ?? defaultCatalog();
    this.limits = options.limits ?? DEFAULT_LIMITS;
    const output = {
      row: (metric: string, row: MetricRow['row']) => this.rows.push({ metric, row }),
      late: (e: LateEvent) => this.late.push(e),
    };
    this.runs = job.metrics.map((metric) => new MetricRun(metric, output));
    for (const source of job.sources) {
      // Every field any metric keys by must be present in this source's events before keying.
      const keys = job.metrics
        .filter((m) => m.sources.some((s) => s.topic === source.topic))
        .flatMap((m) => keyFields(m.key));
      this.validators.set(source.topic, sourceValidator(source, keys));
    }
  }

  push(record: InputRecord): void {
    this.records++;
    const validator = this.validators.get(record.topic);
    if (!validator) {
      this.ignored++;
      return;
    }
    const result = validateRecord(record, validator, this.catalog, this.limits, this.options.now);
    if (!result.ok) {
      this.deadLetters.push({ reason: result.reason, detail: result.detail, record });
      return;
    }
    this.accepted++;
    for (const run of this.runs)
      if (run.reads(record.topic)) run.accept(record, result.event, result.eventTime);
  }

  /** End of a bounded input: every open window fires. */
  finish(): Evaluation {
    for (const run of this.runs) run.finish();
    const deadLetters: Partial<Record<DeadLetterReason, number>> = {};
    for (const d of this.deadLetters) deadLetters[d.reason] = (deadLetters[d.reason] ?? 0) + 1;
    return {
      rows: this.rows,
      late: this.late,
      deadLetters: this.deadLetters,
      counts: {
        records: this.records,
        accepted: this.accepted,
        ignored: this.ignored,
        deadLetters,
        late: Object.fromEntries(this.runs.map((run) => [run.metric.id, run.lateCount])),
      },
    };
  }
}

/** Runs `job` over `records` in order and flushes every open window at the end. */
export function evaluate(job: Job, records: Iterable<InputRecord>, options: EvaluateOptions): Evaluation {
  const evaluator = new JobEvaluator(job, options);
  for (const record of records) evaluator.push(record);
  return evaluator.finish();
}
