// Composite key fields the compiler refuses, one metric each: the type checker refuses all but the enum, a string to
// TypeScript but not a string field to Avro. Lowering goes on after a refused metric, so each is reported.
import { job, lakeTable, metric } from '../../../dsl';
import { chatEvents, userEvents } from '../../../jobs/sources';
import { base, baseJob } from '../golden-base';

export default job({
  ...baseJob,
  metrics: [
    metric({
      ...base,
      id: 'unknown_field',
      sources: [chatEvents],
      // @ts-expect-error -- chat events have no room_id
      key: ['org_id', 'room_id'],
      measures: (m) => ({ n: m.count() }),
      sinks: [lakeTable({ table: 'unknown_field' })],
    }),
    metric({
      ...base,
      id: 'nullable_field',
      sources: [chatEvents],
      // @ts-expect-error -- emoji may be null
      key: ['meeting_id', 'emoji'],
      measures: (m) => ({ n: m.count() }),
      sinks: [lakeTable({ table: 'nullable_field' })],
    }),
    metric({
      ...base,
      id: 'number_field',
      sources: [chatEvents],
      // @ts-expect-error -- message_length is a number
      key: ['meeting_id', 'message_length'],
      measures: (m) => ({ n: m.count() }),
      sinks: [lakeTable({ table: 'number_field' })],
    }),
    metric({
      ...base,
      id: 'enum_field',
      sources: [chatEvents],
      key: ['meeting_id', 'event_type'],
      measures: (m) => ({ n: m.count() }),
      sinks: [lakeTable({ table: 'enum_field' })],
    }),
    metric({
      ...base,
      id: 'missing_from_one_source',
      sources: [userEvents, chatEvents],
      // @ts-expect-error -- client_platform is in user events only
      key: ['meeting_id', 'client_platform'],
      measures: (m) => ({ n: m.count() }),
      sinks: [lakeTable({ table: 'missing_from_one_source' })],
    }),
  ],
});
