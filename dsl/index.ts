// The metric-author API. Jobs import only from here; nothing in dsl/ knows about Flink or the compiler.
export type { Duration, DurationUnit } from './duration';
export { parseDuration } from './duration';
export type { RuleCode, Violation } from './rules';
export {
  DslError,
  RULE_CODES,
  RESERVED_COLUMNS,
  DEFAULT_LAKE_SCHEMA,
  MAX_DURATION_MS,
  MAX_WINDOWS_PER_EVENT,
  MAX_CUMULATE_STEPS,
  MAX_TOPIC_LENGTH,
} from './rules';
export type { Source, WatermarkSpec, TimestampBounds, EventOf } from './source';
export { source } from './source';
export type { WindowSpec, TumblingWindow, SlidingWindow, CumulateWindow, SessionWindow } from './window';
export { tumbling, sliding, cumulate, session, windowGeometry, sessionGeometry } from './window';
export type { LatePolicy, DropAndCount, SideOutput } from './late';
export { dropAndCount, sideOutput } from './late';
export type { Sink, LakeTable, LiveTopic } from './sinks';
export { lakeTable, liveTopic } from './sinks';
export type { Measure, Aggregations, MeasureOptions, Where, NumberOf, DistinctOf, ValueOf } from './measures';
export type {
  Metric,
  MetricDef,
  MeasureValues,
  RowValues,
  Having,
  WindowInfo,
  Derived,
  DerivedValue,
  KeyField,
  Key,
} from './metric';
export type { KeySpec } from './key';
export { keyFields, encodeKey, decodeKey, describeKey, keyOf } from './key';
export { metric } from './metric';
export type { Job } from './job';
export { job } from './job';
export type { Topic, TopicEvents, UserEvent, ChatEvent, MeetingEvent } from '../schemas/generated/events';
