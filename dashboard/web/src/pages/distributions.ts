/// <reference lib="dom" />
// Distributions: a histogram of any measure (engagement_score by default) over the time range and filters, and
// the health of windows per plan tier.
import type { Distribution, MetricInfo, Options } from '../api';
import { get, metricPath } from '../api';
import { HEALTH_COLOURS, barChart } from '../charts';
import { historyControls, viewParams } from '../controls';
import { el, errorBox, formatCell, table } from '../format';

export async function renderDistributions(
  root: HTMLElement,
  metric: MetricInfo,
  options: Options,
): Promise<void> {
  const fallback = metric.measures.includes('engagement_score')
    ? 'engagement_score'
    : (metric.measures[0] ?? '');
  root.append(el('h1', {}, `Distributions — ${metric.id}`), historyControls(metric, options, fallback));
  let data: Distribution;
  try {
    data = await get<Distribution>(metricPath(metric.id, 'distribution'), viewParams());
  } catch (error) {
    root.append(errorBox((error as Error).message));
    return;
  }
  window.__collab.distribution = data;
  const label = (b: { lo: number; hi: number }) => `${formatCell('', b.lo)}–${formatCell('', b.hi)}`;
  root.append(
    el('h2', {}, `${data.measure}: ${data.windows} windows`),
    el('p', { 'data-testid': 'distribution-summary' }, `${data.windows} windows in ${data.bins.length} bins`),
  );
  barChart(root, 'histogram-chart', data.bins.map(label), [
    { name: 'windows', data: data.bins.map((b) => b.count) },
  ]);
  root.append(
    table(
      ['bin', 'windows'],
      data.bins.map((b) => [label(b), String(b.count)]),
      'histogram-table',
    ),
  );
  if (metric.health === null) return;
  root.append(el('h2', {}, 'Health by plan tier'));
  const levels = ['healthy', 'degraded', 'critical'] as const;
  barChart(
    root,
    'tier-chart',
    data.healthByTier.map((t) => t.tier),
    levels.map((level) => ({
      name: level,
      data: data.healthByTier.map((t) => t[level]),
      colour: HEALTH_COLOURS[level],
    })),
    true,
  );
  root.append(
    table(
      ['plan tier', ...levels],
      data.healthByTier.map((t) => [t.tier, ...levels.map((level) => String(t[level]))]),
      'tier-table',
    ),
  );
}
