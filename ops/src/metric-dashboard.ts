// One dashboard per metric, generated from the compiler's output: rows per window, rows into each sink, late
// events, dead letters by reason (of the metric's job: the decoder is shared by the job's metrics), the time from
// window end to the row being handed to each sink and the live topic's rate on the broker.
import type { MetricModel } from './compiler-output';
import type { DashboardSpec, PanelSpec } from './grafana';
import {
  deadLetterCounter,
  EVENTS_ACCEPTED,
  flinkLabel,
  KAFKA,
  LATE_EVENTS,
  OP,
  q,
  RUNTIME_DEAD_LETTER_REASONS,
  WINDOW_END_TO_WRITTEN,
} from './names';

const seconds = (ms: number): string => `${Math.round(ms / 1000)}s`;

/** The selector of a metric's window operator, the one that emits its rows. */
export const windowSelector = (m: MetricModel): string =>
  `job_name=${q(m.job)}, operator_name=${q(flinkLabel(m.windowOperator))}`;

export const sourceSelector = (m: MetricModel): string => `job_name=${q(m.job)}, operator_name=~"Source:.*"`;

function describeWindow(m: MetricModel): string {
  if (m.window.kind === 'session') return `sessions with a ${seconds(m.window.gapMs)} gap`;
  return m.window.kind === 'tumbling'
    ? `tumbling ${seconds(m.window.sizeMs)}`
    : `sliding ${seconds(m.window.sizeMs)} every ${seconds(m.firesEveryMs)}`;
}

function header(m: MetricModel): PanelSpec {
  const late =
    m.late.policy === 'side-output' ? `side output to \`${m.late.topic ?? '?'}\`` : 'dropped and counted';
  return {
    kind: 'text',
    title: 'About this metric',
    width: 24,
    markdown: [
      `**${m.id}** (job \`${m.job}\`, defined in \`${m.jobFile}\`): ${m.description}`,
      '',
      `Key \`${m.key}\`, window ${describeWindow(m)}, sources ${m.sources.map((s) => `\`${s}\``).join(', ')}; late events ${late}; dead letters to \`${m.deadLetterTopic}\`.`,
      `Sinks: ${[...m.lakeTables.map((t) => `lake table \`${t}\``), ...m.liveTopics.map((t) => `live topic \`${t}\``)].join(', ')}.`,
    ].join('\n'),
  };
}

function rowPanels(m: MetricModel): PanelSpec[] {
  return [
    {
      kind: 'timeseries',
      title: `Rows emitted per window (every ${seconds(m.firesEveryMs)})`,
      description:
        'Rows the window operator emitted in each firing period: every key’s window ends at the same watermark, so this is the rows per window.',
      unit: 'short',
      queries: [
        {
          expr: `sum(increase(${OP}numRecordsOut{${windowSelector(m)}}[${seconds(m.firesEveryMs)}]))`,
          legend: 'rows',
        },
      ],
      expect: 'positive',
    },
    {
      kind: 'timeseries',
      title: 'Rows per second into each sink',
      description: 'Records into each sink writer (lake table, live topic, late side output).',
      unit: 'ops',
      queries: m.sinkWriters.map((s) => ({
        expr: `sum(rate(${OP}numRecordsIn{job_name=${q(m.job)}, operator_name=${q(flinkLabel(s.operator))}}[1m]))`,
        legend: s.label,
      })),
      expect: 'nonNegative',
    },
    windowEndToWrittenPanel(m),
    {
      kind: 'text',
      title: 'Window end → row written: what it measures',
      width: 12,
      markdown: [
        'For each row, the TaskManager’s clock when the row is handed to a sink writer minus the row’s `window_end` (runtime `WindowEndLatency`, the last 1000 rows per subtask; the panel shows the largest quantile over subtasks). It is the watermark delay (max out-of-orderness) plus firing and the way to the sink, or more when the events are replayed or simulated history.',
        '',
        'Handed over is not yet visible: a live row reaches read_committed consumers, and a lake row Trino, when the sink’s transaction or Parquet file commits at the next completed checkpoint, so add up to the checkpoint interval (`checkpoint.interval-ms`, 60 s by default). `npm run bench` measures live-topic latency end to end.',
      ].join('\n'),
    },
  ];
}

/**
 * p50 and p99 of the runtime's histogram per sink kind. It replaces the watermark proxy (wall clock − window
 * watermark), which the overview's watermark-lag panel still shows: the histogram measures the rows themselves.
 */
function windowEndToWrittenPanel(m: MetricModel): PanelSpec {
  const sinks = [
    ...(m.lakeTables.length > 0 ? [{ name: WINDOW_END_TO_WRITTEN.lake, label: 'lake' }] : []),
    ...(m.liveTopics.length > 0 ? [{ name: WINDOW_END_TO_WRITTEN.live, label: 'live topic' }] : []),
  ];
  return {
    kind: 'timeseries',
    title: 'Time from window end to the row being written',
    description:
      'now − window_end of each row handed to a sink writer, p50 and p99 (largest over subtasks). Visible at the next checkpoint: see the note beside.',
    unit: 'ms',
    width: 12,
    queries: sinks.flatMap((sink) =>
      ['0.5', '0.99'].map((quantile) => ({
        // max ignores the NaN of a subtask that has written no row yet.
        expr: `max(${sink.name}{job_name=${q(m.job)}, metric=${q(m.id)}, quantile=${q(quantile)}})`,
        legend: `${sink.label} p${Number(quantile) * 100}`,
      })),
    ),
    expect: 'nonNegative',
  };
}

function latePanels(m: MetricModel): PanelSpec[] {
  const late = `${LATE_EVENTS}{job_name=${q(m.job)}, metric=${q(m.id)}}`;
  const panels: PanelSpec[] = [
    {
      kind: 'timeseries',
      title: 'Late events per second',
      description: `Events behind the watermark for their window (${m.late.policy}).`,
      unit: 'ops',
      queries: [{ expr: `sum(rate(${late}[1m]))`, legend: 'late/s' }],
      expect: 'nonNegative',
    },
    {
      kind: 'stat',
      title: 'Late events since the job started',
      description: 'The checkpointed late counter: exact across restarts.',
      unit: 'short',
      queries: [{ expr: `sum(${late})`, legend: 'late' }],
      expect: 'nonNegative',
    },
  ];
  if (m.late.policy === 'side-output' && m.late.topic) {
    panels.push({
      kind: 'stat',
      title: `Late topic ${m.late.topic}: messages in per second`,
      description: 'Broker side (JMX exporter).',
      unit: 'ops',
      queries: [
        { expr: `sum(rate(${KAFKA.messagesIn}{topic=${q(m.late.topic)}}[1m]))`, legend: m.late.topic },
      ],
      expect: 'nonNegative',
    });
  }
  return panels;
}

function deadLetterPanels(m: MetricModel): PanelSpec[] {
  const job = `job_name=${q(m.job)}`;
  return [
    {
      kind: 'timeseries',
      title: `Dead letters per second by reason (job ${m.job})`,
      description: `Records of the job's sources that went to ${m.deadLetterTopic}, per reason code (docs/SEMANTICS.md).`,
      unit: 'ops',
      queries: RUNTIME_DEAD_LETTER_REASONS.map((reason) => ({
        expr: `sum(rate(${deadLetterCounter(reason)}{${job}}[1m]))`,
        legend: reason,
      })),
      expect: 'nonNegative',
    },
    {
      kind: 'timeseries',
      title: 'Events accepted per second, per source',
      description: 'Records that decoded and validated, per source topic.',
      unit: 'ops',
      queries: [
        {
          expr: `sum by (operator_name) (rate(${EVENTS_ACCEPTED}{${job}}[1m]))`,
          legend: '{{operator_name}}',
        },
      ],
      expect: 'positive',
    },
  ];
}

function livePanels(m: MetricModel): PanelSpec[] {
  return m.liveTopics.map((topic): PanelSpec => ({
    kind: 'timeseries',
    title: `Live topic ${topic}: messages in per second`,
    description: 'Rows appended to the live topic, broker side (JMX exporter).',
    unit: 'ops',
    width: 24,
    queries: [{ expr: `sum(rate(${KAFKA.messagesIn}{topic=${q(topic)}}[1m]))`, legend: topic }],
    expect: 'positive',
  }));
}

export function metricDashboardSpec(m: MetricModel): DashboardSpec {
  return {
    uid: `collab-metric-${m.id}`.replace(/_/g, '-').slice(0, 40),
    title: `Collaborate-Stream metric: ${m.id}`,
    description: `Generated from generated-java/ir/${m.job}.ir.json and its state manifest (npm run ops:gen).`,
    tags: ['collab-stream', 'generated', 'metric'],
    sections: [
      { title: m.id, panels: [header(m)] },
      { title: 'Rows', panels: rowPanels(m) },
      { title: 'Late events', panels: latePanels(m) },
      { title: 'Dead letters', panels: deadLetterPanels(m) },
      { title: 'Live topic', panels: livePanels(m) },
    ],
  };
}
