// The differential tests' job whose derived measures divide by counts that are often zero: NaN and ±Infinity must be
// null on Flink as in the evaluator (docs/SEMANTICS.md, non-finite derived values), in the rows and in Parquet.
import { dropAndCount, job, lakeTable, metric, tumbling } from '../../dsl';
import { chatEvents, meetingSources } from '../../jobs/sources';

export const chatRatios30s = metric({
  id: 'chat_ratios_30s',
  version: 1,
  description: 'Ratios of chat counts per meeting whose denominators are often zero.',
  sources: meetingSources,
  key: 'meeting_id',
  window: tumbling('30s'),
  late: dropAndCount(),
  measures: (m) => ({
    messages: m.from(chatEvents).count({ where: (e) => e.event_type === 'message' }),
    emojis: m.from(chatEvents).count({ where: (e) => e.event_type === 'emoji' }),
  }),
  derived: {
    // Infinity when there are messages but no emoji, NaN when there is neither.
    messages_per_emoji: (m) => m.messages / m.emojis,
    // NaN without emoji, else 1.
    emoji_ratio: (m) => m.emojis / m.emojis,
    negative_infinity: (m) => -m.messages / (m.emojis - m.emojis),
  },
  sinks: [lakeTable({ table: 'chat_ratios_30s' })],
});

export default job({
  id: 'non_finite',
  description: 'Derived measures that are NaN or infinite in many windows.',
  deadLetterTopic: 'collab_dead_letters',
  metrics: [chatRatios30s],
});
