/// <reference lib="dom" />
// Trends: a time series of any measure for the selected keys (the busiest when none are), over a time range,
// filtered by organisation, plan tier and health; all of it from the URL.
import type { MetricInfo, Options, Trends } from '../api';
import { get, metricPath } from '../api';
import { lineChart } from '../charts';
import { historyControls, viewParams } from '../controls';
import { el, errorBox, formatCell, formatTime, table } from '../format';

function stats(points: readonly [number, number | null][]) {
  const values = points.map(([, v]) => v).filter((v): v is number => v !== null);
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    windows: points.length,
    min: values.length ? Math.min(...values) : null,
    mean: values.length ? sum / values.length : null,
    max: values.length ? Math.max(...values) : null,
    last: values.length ? (values[values.length - 1] as number) : null,
  };
}

export async function renderTrends(root: HTMLElement, metric: MetricInfo, options: Options): Promise<void> {
  root.append(
    el('h1', {}, `Trends — ${metric.id}`),
    historyControls(metric, options, metric.measures[0] ?? ''),
  );
  let data: Trends;
  try {
    data = await get<Trends>(metricPath(metric.id, 'trends'), viewParams());
  } catch (error) {
    root.append(errorBox((error as Error).message));
    return;
  }
  window.__collab.trends = data;
  const total = data.series.reduce((n, s) => n + s.points.length, 0);
  root.append(
    el(
      'p',
      { 'data-testid': 'trends-summary' },
      `${data.measure} for ${data.keys.length} ${metric.key}s, ${total} windows from ${formatTime(data.from)} to ${formatTime(data.to)} UTC (query ${data.queryMs} ms)`,
    ),
  );
  lineChart(root, 'trends-chart', data.measure, data.series);
  root.append(
    table(
      [metric.key, 'windows', 'min', 'mean', 'max', 'last'],
      data.series.map((s) => {
        const st = stats(s.points);
        return [
          s.key,
          String(st.windows),
          formatCell('', st.min),
          formatCell('', st.mean),
          formatCell('', st.max),
          formatCell('', st.last),
        ];
      }),
      'trends-table',
    ),
  );
}
