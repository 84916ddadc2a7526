/// <reference lib="dom" />
// ECharts, with only the parts the pages draw (tree-shaken into the bundle; nothing from a CDN).
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { EChartsType } from 'echarts/core';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { el } from './format';

use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export const HEALTH_COLOURS = { healthy: '#2e9d5b', degraded: '#e0a100', critical: '#d64545' } as const;

let current: EChartsType[] = [];
// Charts are drawn at their box's width when created; follow the window when it changes.
window.addEventListener('resize', () => {
  for (const chart of current) chart.resize();
});

/** Disposes the charts of the previous render (a page re-renders on every state change). */
export function disposeCharts(): void {
  for (const chart of current) chart.dispose();
  current = [];
}

/** Disposes the charts inside one element (a panel redrawn in place), keeping the others. */
export function disposeChartsIn(element: HTMLElement): void {
  current = current.filter((chart) => {
    if (!element.contains(chart.getDom())) return true;
    chart.dispose();
    return false;
  });
}

function chartBox(
  parent: HTMLElement,
  testid: string,
  height = 360,
): { box: HTMLElement; chart: EChartsType } {
  const box = el('div', { class: 'chart', 'data-testid': testid });
  // ECharts measures its container: give it a size before it is in the document.
  box.style.width = '100%';
  box.style.height = `${height}px`;
  parent.append(box);
  const chart = init(box, undefined, { renderer: 'canvas', width: box.clientWidth || 1100, height });
  current.push(chart);
  return { box, chart };
}

export function lineChart(
  parent: HTMLElement,
  testid: string,
  measure: string,
  series: readonly { key: string; points: readonly [number, number | null][] }[],
): HTMLElement {
  const { box, chart } = chartBox(parent, testid);
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 60 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: measure },
    dataZoom: [{ type: 'inside' }, { type: 'slider' }],
    series: series.map((s) => ({ name: s.key, type: 'line', showSymbol: false, data: s.points })),
  });
  return box;
}

export function barChart(
  parent: HTMLElement,
  testid: string,
  categories: readonly string[],
  series: readonly { name: string; data: readonly number[]; colour?: string }[],
  stacked = false,
): HTMLElement {
  const { box, chart } = chartBox(parent, testid);
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 60 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', name: 'windows' },
    series: series.map((s) => ({
      name: s.name,
      type: 'bar',
      data: s.data,
      ...(stacked ? { stack: 'all' } : {}),
      ...(s.colour ? { itemStyle: { color: s.colour } } : {}),
    })),
  });
  return box;
}

/**
 * A compact time series for a grid of panels (the Ops page): no zoom slider, the legend scrolling under the plot,
 * values on the axis and in the tooltip written in the panel's unit.
 */
export function panelChart(
  parent: HTMLElement,
  testid: string,
  series: readonly { name: string; points: readonly [number, number | null][] }[],
  format: (value: number) => string,
  height = 250,
): HTMLElement {
  const { box, chart } = chartBox(parent, testid, height);
  chart.setOption({
    animation: false,
    tooltip: {
      trigger: 'axis',
      confine: true,
      valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—'),
    },
    legend: {
      type: 'scroll',
      bottom: 0,
      left: 8,
      right: 8,
      textStyle: { fontSize: 11 },
      pageIconSize: 10,
    },
    grid: { left: 8, right: 18, top: 14, bottom: 34, containLabel: true },
    xAxis: { type: 'time', axisLabel: { fontSize: 10, hideOverlap: true } },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { fontSize: 10, formatter: (v: number) => format(v) },
      splitLine: { lineStyle: { color: '#eef0f4' } },
    },
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      showSymbol: false,
      connectNulls: false,
      lineStyle: { width: 1.5 },
      data: s.points,
    })),
  });
  return box;
}
