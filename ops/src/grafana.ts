// A small typed model of the Grafana dashboard JSON we emit (timeseries, stat, text and row panels, a datasource
// variable and query variables), and the layout that gives every panel a unique id and a place on the 24-column
// grid. Why not the Grafana Foundation SDK: see ops/CONTEXT.md.

/** Dashboard JSON schema version: Grafana 10.4 writes it; later versions migrate it forward on load. */
export const SCHEMA_VERSION = 39;
/** The datasource variable every panel and query uses, so the dashboards import into any Grafana. */
export const DATASOURCE_VARIABLE = 'DS_PROMETHEUS';
export const DATASOURCE = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` } as const;
export type Datasource = typeof DATASOURCE;

export type Unit = 'short' | 'ops' | 'ms' | 's' | 'bytes' | 'percentunit' | 'none';

export interface Target {
  refId: string;
  datasource: Datasource;
  expr: string;
  legendFormat: string;
  range: boolean;
  instant: boolean;
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface PanelBase {
  id: number;
  title: string;
  description: string;
  gridPos: GridPos;
}

export interface QueryPanel extends PanelBase {
  type: 'timeseries' | 'stat';
  datasource: Datasource;
  targets: Target[];
  fieldConfig: { defaults: { unit: Unit; min?: number; decimals?: number }; overrides: [] };
  options: Record<string, unknown>;
}

export interface TextPanel extends PanelBase {
  type: 'text';
  options: { mode: 'markdown'; content: string };
}

export interface RowPanel extends PanelBase {
  type: 'row';
  collapsed: false;
  panels: [];
}

export type Panel = QueryPanel | TextPanel | RowPanel;

export interface DatasourceVariable {
  type: 'datasource';
  name: string;
  label: string;
  query: 'prometheus';
  current: Record<string, never>;
  hide: 0;
}

export interface QueryVariable {
  type: 'query';
  name: string;
  label: string;
  datasource: Datasource;
  query: { query: string; refId: string };
  definition: string;
  refresh: 2;
  multi: true;
  includeAll: true;
  allValue: string;
  current: Record<string, never>;
  hide: 0;
  sort: 1;
}

export type Variable = DatasourceVariable | QueryVariable;

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  schemaVersion: number;
  version: 1;
  editable: true;
  graphTooltip: 1;
  timezone: 'utc';
  refresh: '10s';
  time: { from: string; to: string };
  templating: { list: Variable[] };
  annotations: { list: [] };
  links: [];
  panels: Panel[];
}

/** What a panel's series must look like on the running stack (checked by ops/test/ops.stack.test.ts). */
export type Expectation =
  /** every value finite and ≥ 0, at least one series */
  | 'nonNegative'
  /** as nonNegative, and some value > 0 while the jobs run and the simulator produces */
  | 'positive';

export interface QuerySpec {
  expr: string;
  legend: string;
}

export interface QueryPanelSpec {
  kind: 'timeseries' | 'stat';
  title: string;
  description: string;
  unit: Unit;
  queries: QuerySpec[];
  expect: Expectation;
  /** columns out of 24; default 12 (timeseries) or 6 (stat) */
  width?: number;
}

export interface TextPanelSpec {
  kind: 'text';
  title: string;
  markdown: string;
  width?: number;
}

export type PanelSpec = QueryPanelSpec | TextPanelSpec;

export interface Section {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  /** query variables besides the datasource, e.g. the job filter */
  variables?: { name: string; label: string; query: string }[];
  sections: Section[];
}

/** A built dashboard and, per query panel id, what its series must look like on the stack. */
export interface BuiltDashboard {
  dashboard: Dashboard;
  expectations: Map<number, Expectation>;
}

const GRID_WIDTH = 24;
const ROW_HEIGHT = 1;

function target(query: QuerySpec, index: number): Target {
  return {
    refId: String.fromCharCode(65 + index),
    datasource: DATASOURCE,
    expr: query.expr,
    legendFormat: query.legend,
    range: true,
    instant: false,
  };
}

function queryPanel(spec: QueryPanelSpec, id: number, gridPos: GridPos): QueryPanel {
  if (spec.queries.length === 0 || spec.queries.length > 26) {
    throw new Error(`panel "${spec.title}": needs 1 to 26 queries, has ${spec.queries.length}`);
  }
  const options: Record<string, unknown> =
    spec.kind === 'stat'
      ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value' }
      : { legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] } };
  return {
    id,
    type: spec.kind,
    title: spec.title,
    description: spec.description,
    gridPos,
    datasource: DATASOURCE,
    targets: spec.queries.map(target),
    fieldConfig: { defaults: { unit: spec.unit, min: 0 }, overrides: [] },
    options,
  };
}

/** Lays sections out top to bottom (a row header each, panels left to right, wrapping at 24 columns). */
export function buildDashboard(spec: DashboardSpec): BuiltDashboard {
  const panels: Panel[] = [];
  const expectations = new Map<number, Expectation>();
  let nextId = 1;
  let y = 0;
  for (const section of spec.sections) {
    panels.push({
      id: nextId++,
      type: 'row',
      title: section.title,
      description: '',
      collapsed: false,
      panels: [],
      gridPos: { x: 0, y, w: GRID_WIDTH, h: ROW_HEIGHT },
    });
    y += ROW_HEIGHT;
    let x = 0;
    let lineHeight = 0;
    for (const p of section.panels) {
      const w = p.width ?? (p.kind === 'stat' ? 6 : 12);
      const h = p.kind === 'stat' ? 5 : p.kind === 'text' ? 6 : 8;
      if (x + w > GRID_WIDTH) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      const gridPos = { x, y, w, h };
      const id = nextId++;
      if (p.kind === 'text') {
        panels.push({
          id,
          type: 'text',
          title: p.title,
          description: '',
          gridPos,
          options: { mode: 'markdown', content: p.markdown },
        });
      } else {
        panels.push(queryPanel(p, id, gridPos));
        expectations.set(id, p.expect);
      }
      x += w;
      lineHeight = Math.max(lineHeight, h);
    }
    y += lineHeight;
  }
  const variables: Variable[] = [
    {
      type: 'datasource',
      name: DATASOURCE_VARIABLE,
      label: 'Prometheus',
      query: 'prometheus',
      current: {},
      hide: 0,
    },
    ...(spec.variables ?? []).map((v): QueryVariable => ({
      type: 'query',
      name: v.name,
      label: v.label,
      datasource: DATASOURCE,
      query: { query: v.query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
      definition: v.query,
      refresh: 2,
      multi: true,
      includeAll: true,
      allValue: '.+',
      current: {},
      hide: 0,
      sort: 1,
    })),
  ];
  return {
    dashboard: {
      uid: spec.uid,
      title: spec.title,
      description: spec.description,
      tags: spec.tags,
      schemaVersion: SCHEMA_VERSION,
      version: 1,
      editable: true,
      graphTooltip: 1,
      timezone: 'utc',
      refresh: '10s',
      time: { from: 'now-1h', to: 'now' },
      templating: { list: variables },
      annotations: { list: [] },
      links: [],
      panels,
    },
    expectations,
  };
}
