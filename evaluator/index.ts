// The reference evaluator's public surface.
export { evaluate, JobEvaluator } from './src/evaluate';
export type { Evaluation, EvaluationCounts, EvaluateOptions } from './src/evaluate';
export type {
  InputRecord,
  DeadLetter,
  DeadLetterReason,
  LateEvent,
  MetricRow,
  Row,
  RowValue,
} from './src/records';
export { DEAD_LETTER_REASONS } from './src/records';
export { DEFAULT_LIMITS } from './src/limits';
export type { ValidationLimits } from './src/limits';
export { utcDate } from './src/metric-run';
export { readJsonl, readJsonlLines, JsonlError } from './src/jsonl';
export type { JsonlContents } from './src/jsonl';
export { jobRowDifferences, rowDifferences } from './src/row-diff';
export type { RowIdentity } from './src/row-diff';
export { parseTimestamp } from '../dsl/timestamp';
export type { ParsedTimestamp } from '../dsl/timestamp';
