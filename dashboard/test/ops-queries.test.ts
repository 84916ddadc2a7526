// The Ops page's request → PromQL: Grafana's variable substitution, the validation that keeps the browser's input
// out of PromQL, and every panel of every generated dashboard yielding concrete queries.
import type { OpsCatalog, OpsVariable } from '../src/ops-queries';
import {
  ALL,
  MAX_POINTS,
  builtins,
  loadOpsCatalog,
  parseOpsQuery,
  seriesName,
  substitute,
  variableText,
} from '../src/ops-queries';
import { HttpError } from '../src/view';

const NOW = Date.parse('2026-12-03T06:00:00Z');
const HOUR = 3_600_000;
let catalog: OpsCatalog;

beforeAll(() => {
  catalog = loadOpsCatalog();
});

const OVERVIEW = 'collab-pipeline-overview';
const range = { from: String(NOW - HOUR), to: String(NOW), step: '15' };

/** The overview's first query panel filtered by job: its id and its unsubstituted PromQL. */
function jobPanel(): { id: number; expr: string } {
  const panel = catalog
    .dashboard(OVERVIEW)
    .panels.find((p) => p.type !== 'text' && catalog.exprsOf(OVERVIEW, p.id).some((e) => e.includes('$job')));
  if (!panel) throw new Error('the overview has no panel using $job');
  return { id: panel.id, expr: catalog.exprsOf(OVERVIEW, panel.id)[0] as string };
}

function refused(query: Record<string, unknown>): HttpError {
  try {
    parseOpsQuery(catalog, query);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
}

describe('the generated dashboards as the Ops page sees them', () => {
  it('lists the overview first, then one dashboard per metric, with the job variable on the overview', () => {
    expect(catalog.dashboards.map((d) => d.uid)).toEqual([
      OVERVIEW,
      'collab-metric-meeting-metrics-30s',
      'collab-metric-meeting-trends-60s',
    ]);
    const [job] = catalog.dashboard(OVERVIEW).variables;
    expect(job).toMatchObject({ name: 'job', allValue: '.+', multi: true, labelName: 'job_name' });
    expect(job?.match).toMatch(/^flink_jobmanager_job_numRestarts$/);
    for (const d of catalog.dashboards.slice(1)) expect(d.variables).toEqual([]);
  });

  it('yields ≥ 1 concrete query with no $ left for every query panel of every dashboard', () => {
    let panels = 0;
    for (const d of catalog.dashboards) {
      const queryPanels = d.panels.filter((p) => p.type !== 'text');
      expect(queryPanels.length).toBeGreaterThan(3);
      for (const p of queryPanels) {
        for (const values of [{}, { 'var-job': 'meeting_metrics' }]) {
          const vars = d.variables.length > 0 ? values : {};
          const request = parseOpsQuery(catalog, { uid: d.uid, panel: String(p.id), ...range, ...vars });
          expect(request.queries.length).toBeGreaterThanOrEqual(1);
          expect(request.queries).toHaveLength(p.targets.length);
          for (const q of request.queries) {
            expect(q.expr).not.toContain('$');
            expect(q.expr.length).toBeGreaterThan(5);
          }
        }
        panels++;
      }
    }
    expect(panels).toBeGreaterThan(30);
  });

  it('describes panels with their section, unit, type, grid place and legend formats', () => {
    const overview = catalog.dashboard(OVERVIEW);
    const running = overview.panels.find((p) => p.title === 'Jobs running');
    expect(running).toMatchObject({ type: 'stat', unit: 'short', section: 'Jobs' });
    const heap = overview.panels.find((p) => p.title === 'TaskManager heap');
    expect(heap?.targets.map((t) => t.legendFormat)).toEqual(['{{tm_id}} used', '{{tm_id}} max']);
    expect(heap?.gridPos.w).toBe(12);
    const about = catalog.dashboards[1]?.panels.find((p) => p.type === 'text');
    expect(about?.content).toContain('meeting_metrics_30s');
  });
});

describe('template variables', () => {
  const job: OpsVariable = {
    name: 'job',
    label: 'Flink job',
    multi: true,
    allValue: '.+',
    match: 'm',
    labelName: 'job_name',
  };

  it('substitutes $job as Grafana does: All = allValue, one value or (a|b), regex characters escaped', () => {
    const { id, expr } = jobPanel();
    expect(expr).toContain('job_name=~"$job"');
    const all = parseOpsQuery(catalog, { uid: OVERVIEW, panel: String(id), ...range });
    expect(all.queries[0]?.expr).toContain('job_name=~".+"');
    expect(all.variables.job).toEqual([]);
    const explicitAll = parseOpsQuery(catalog, {
      uid: OVERVIEW,
      panel: String(id),
      ...range,
      'var-job': ALL,
    });
    expect(explicitAll.queries[0]?.expr).toBe(all.queries[0]?.expr);
    const one = parseOpsQuery(catalog, {
      uid: OVERVIEW,
      panel: String(id),
      ...range,
      'var-job': 'meeting_metrics',
    });
    expect(one.queries[0]?.expr).toContain('job_name=~"meeting_metrics"');
    const two = parseOpsQuery(catalog, {
      uid: OVERVIEW,
      panel: String(id),
      ...range,
      'var-job': ['meeting_metrics', 'job.v2'],
    });
    expect(two.queries[0]?.expr).toContain('job_name=~"(meeting_metrics|job\\\\.v2)"');
    expect(variableText(job, ['a.b'])).toBe('a\\\\.b');
  });

  it('substitutes every syntax and the interval built-ins, and leaves unknown names for the test above to find', () => {
    const values = { job: 'J', ...builtins(NOW - HOUR, NOW, 30) };
    expect(substitute('a{j=~"$job"} b{j=~"${job}"} c{j=~"${job:regex}"}', values)).toBe(
      'a{j=~"J"} b{j=~"J"} c{j=~"J"}',
    );
    expect(substitute('rate(x[$__rate_interval]) / $__interval / $__range', values)).toBe(
      'rate(x[60s]) / 30s / 3600s',
    );
    expect(substitute('$unknown', values)).toBe('$unknown');
  });

  it('sets $__rate_interval to max(step + scrape interval, 4 × scrape interval)', () => {
    expect(builtins(0, HOUR, 15).__rate_interval).toBe('60s');
    expect(builtins(0, HOUR, 45).__rate_interval).toBe('60s');
    expect(builtins(0, HOUR, 120).__rate_interval).toBe('135s');
    expect(builtins(0, 15 * 60_000, 5).__range).toBe('900s');
  });
});

describe('validation: nothing but checked values reaches PromQL', () => {
  const panel = () => String(jobPanel().id);

  it.each([
    ['a quote that would end the string', 'x"} or vector(1) or up{a="'],
    ['a regex that matches everything', '.*'],
    ['a closing brace', 'job}'],
    ['spaces', 'meeting metrics'],
    ['a backslash', 'a\\b'],
    ['a newline', 'a\nb'],
    ['an empty value among others', ''],
  ])('refuses %s in a variable value', (_what, value) => {
    const error = refused({ uid: OVERVIEW, panel: panel(), ...range, 'var-job': ['ok', value] });
    expect(error.status).toBe(400);
    expect(error.message).toContain("parameter 'var-job'");
  });

  it('refuses PromQL or unknown parameters outright', () => {
    const error = refused({ uid: OVERVIEW, panel: panel(), ...range, query: 'up' });
    expect([error.status, error.message]).toEqual([
      400,
      expect.stringContaining('unknown parameter "query"'),
    ]);
    expect(refused({ uid: OVERVIEW, panel: panel(), ...range, 'var-other': 'x' }).status).toBe(400);
    // A metric dashboard has no variables: a var- is an unknown parameter there.
    const metricUid = catalog.dashboards[1]?.uid as string;
    const metricPanel = catalog.dashboards[1]?.panels.find((p) => p.type !== 'text')?.id;
    expect(refused({ uid: metricUid, panel: String(metricPanel), ...range, 'var-job': 'x' }).status).toBe(
      400,
    );
  });

  it('refuses too long a range, too many points, too small a step and malformed times', () => {
    const base = { uid: OVERVIEW, panel: panel() };
    const week = 7 * 24 * HOUR;
    expect(
      parseOpsQuery(catalog, { ...base, from: String(NOW - week), to: String(NOW), step: '60' }).stepS,
    ).toBe(60);
    expect(
      refused({ ...base, from: String(NOW - week - 1000), to: String(NOW), step: '600' }).message,
    ).toContain('at most 7 days');
    // 24 h at 5 s is 17 281 points.
    const dense = refused({ ...base, from: String(NOW - 24 * HOUR), to: String(NOW), step: '5' });
    expect(dense.message).toContain(`at most ${MAX_POINTS}`);
    expect(
      parseOpsQuery(catalog, { ...base, from: String(NOW - 24 * HOUR), to: String(NOW), step: '8' }).stepS,
    ).toBe(8);
    expect(refused({ ...base, ...range, step: '0' }).message).toContain('at least 1s');
    expect(refused({ ...base, ...range, step: '0.5' }).status).toBe(400);
    expect(refused({ ...base, ...range, step: '15 s' }).status).toBe(400);
    expect(parseOpsQuery(catalog, { ...base, ...range, step: '1m' }).stepS).toBe(60);
    expect(refused({ ...base, ...range, from: String(NOW), to: String(NOW - 1) }).message).toContain(
      'before',
    );
    expect(refused({ ...base, ...range, from: 'yesterday' }).message).toContain("parameter 'from'");
    expect(refused({ ...base, ...range, to: undefined }).message).toContain("'to' is missing");
    expect(
      parseOpsQuery(catalog, { ...base, ...range, from: '2026-12-03T05:00:00Z', to: '2026-12-03T06:00:00Z' })
        .from,
    ).toBe(NOW - HOUR);
  });

  it('answers 404 for an unknown dashboard or panel, and for a text panel', () => {
    expect(refused({ uid: 'nope', panel: '1', ...range }).status).toBe(404);
    expect(refused({ uid: OVERVIEW, panel: '9999', ...range }).status).toBe(404);
    expect(refused({ uid: OVERVIEW, panel: '1 OR 1', ...range }).status).toBe(404);
    const metric = catalog.dashboards[1];
    const text = metric?.panels.find((p) => p.type === 'text');
    expect(refused({ uid: metric?.uid, panel: String(text?.id), ...range }).status).toBe(404);
    // A row header is not a panel either.
    expect(refused({ uid: OVERVIEW, panel: '1', ...range }).status).toBe(404);
  });
});

describe('legend format', () => {
  it('replaces {{label}} with the label, missing labels with nothing', () => {
    const labels = { __name__: 'x', job_name: 'meeting_metrics', operator_name: 'Source: a' };
    expect(seriesName('{{job_name}} / {{operator_name}}', labels)).toBe('meeting_metrics / Source: a');
    expect(seriesName('{{ job_name }} {{topic}}/{{partition}}', labels)).toBe('meeting_metrics /');
    expect(seriesName('running', labels)).toBe('running');
  });

  it('names a series by its selector when there is no legend format', () => {
    expect(seriesName('', { __name__: 'up', job: 'kafka' })).toBe('up{job="kafka"}');
    expect(seriesName('__auto', { instance: 'a:1' })).toBe('{instance="a:1"}');
  });
});
