import fs from 'node:fs';
import path from 'node:path';
import { loadJobs } from '../src/compiler-output';
import type { Dashboard, Panel } from '../src/grafana';
import { buildDashboard, DATASOURCE_VARIABLE, SCHEMA_VERSION } from '../src/grafana';
import { flinkLabel, RUNTIME_DEAD_LETTER_REASONS } from '../src/names';
import { dashboards, GRAFANA_DIR, opsFiles } from '../src/outputs';

const committed: Dashboard[] = fs
  .readdirSync(GRAFANA_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(GRAFANA_DIR, f), 'utf8')) as Dashboard);

const overlaps = (a: Panel, b: Panel): boolean =>
  a.gridPos.x < b.gridPos.x + b.gridPos.w &&
  b.gridPos.x < a.gridPos.x + a.gridPos.w &&
  a.gridPos.y < b.gridPos.y + b.gridPos.h &&
  b.gridPos.y < a.gridPos.y + a.gridPos.h;

/** What Grafana needs to import a dashboard and what we promise about ours; returns the problems found. */
function problems(d: Dashboard): string[] {
  const found: string[] = [];
  if (!Number.isInteger(d.schemaVersion) || d.schemaVersion < 36)
    found.push(`schemaVersion ${d.schemaVersion}`);
  if (!/^[a-zA-Z0-9_-]{1,40}$/.test(d.uid)) found.push(`uid "${d.uid}"`);
  const ds = d.templating.list.find((v) => v.name === DATASOURCE_VARIABLE);
  if (!ds || ds.type !== 'datasource' || ds.query !== 'prometheus') found.push('no DS_PROMETHEUS variable');
  const ids = d.panels.map((p) => p.id);
  if (new Set(ids).size !== ids.length) found.push(`duplicate panel ids ${ids.join(',')}`);
  d.panels.forEach((p, index) => {
    const where = `panel ${p.id} "${p.title}"`;
    if (!Number.isInteger(p.id) || p.id < 1) found.push(`${where}: id`);
    if (p.gridPos.x < 0 || p.gridPos.w < 1 || p.gridPos.x + p.gridPos.w > 24) found.push(`${where}: gridPos`);
    if (p.type === 'timeseries' || p.type === 'stat') {
      if (p.datasource.uid !== `\${${DATASOURCE_VARIABLE}}`)
        found.push(`${where}: datasource ${p.datasource.uid}`);
      if (p.targets.length === 0) found.push(`${where}: no targets`);
      const refIds = p.targets.map((t) => t.refId);
      if (new Set(refIds).size !== refIds.length) found.push(`${where}: duplicate refIds`);
      for (const t of p.targets) {
        if (t.datasource.uid !== `\${${DATASOURCE_VARIABLE}}`) found.push(`${where}: target datasource`);
        if (t.expr.trim() === '') found.push(`${where}: empty expr`);
      }
    }
    for (const q of d.panels.slice(0, index)) {
      if (overlaps(p, q)) found.push(`${where} overlaps panel ${q.id}`);
    }
  });
  return found;
}

describe('generated Grafana dashboards', () => {
  it('are committed exactly as ops/src generates them (npm run ops:gen)', () => {
    for (const [file, content] of opsFiles()) {
      expect({ file, content: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)' }).toEqual({
        file,
        content,
      });
    }
    expect(committed.map((d) => d.uid).sort()).toEqual(
      dashboards()
        .map((b) => b.dashboard.uid)
        .sort(),
    );
  });

  it('are an overview plus one dashboard per metric of the compiled jobs', () => {
    const metrics = loadJobs().flatMap((j) => j.metrics.map((m) => m.id));
    expect(metrics.length).toBeGreaterThan(0);
    const uids = committed.map((d) => d.uid);
    expect(uids).toContain('collab-pipeline-overview');
    expect(uids.length).toBe(metrics.length + 1);
    for (const id of metrics) {
      expect(committed.some((d) => d.title.endsWith(`: ${id}`))).toBe(true);
    }
  });

  it.each(committed.map((d) => [d.uid, d] as const))(
    '%s: schema version, unique uid and panel ids, datasource variable, layout',
    (_uid, d) => {
      expect(problems(d)).toEqual([]);
      expect(d.schemaVersion).toBe(SCHEMA_VERSION);
    },
  );

  it('the validation catches duplicate ids, a fixed datasource and overlapping panels', () => {
    const { dashboard } = buildDashboard({
      uid: 'probe',
      title: 'probe',
      description: '',
      tags: [],
      sections: [
        {
          title: 's',
          panels: [
            {
              kind: 'stat',
              title: 'a',
              description: '',
              unit: 'short',
              queries: [{ expr: 'up', legend: '' }],
              expect: 'positive',
            },
            {
              kind: 'stat',
              title: 'b',
              description: '',
              unit: 'short',
              queries: [{ expr: 'up', legend: '' }],
              expect: 'positive',
            },
          ],
        },
      ],
    });
    expect(problems(dashboard)).toEqual([]);
    const [row, a, b] = dashboard.panels as [Panel, Panel, Panel];
    const broken: Dashboard = {
      ...dashboard,
      panels: [row, a, { ...b, id: a.id, gridPos: a.gridPos } as Panel],
    };
    if (broken.panels[1]!.type === 'stat') {
      broken.panels[1] = {
        ...broken.panels[1]!,
        datasource: { type: 'prometheus', uid: 'prom-1' },
      } as unknown as Panel;
    }
    const found = problems(broken);
    expect(found.some((p) => p.startsWith('duplicate panel ids'))).toBe(true);
    expect(found.some((p) => p.includes('datasource prom-1'))).toBe(true);
    expect(found.some((p) => p.includes('overlaps'))).toBe(true);
  });

  it('lays panels out without gaps in ids, wrapping at 24 columns', () => {
    const { dashboard } = dashboards()[0]!;
    expect(dashboard.panels.map((p) => p.id)).toEqual(dashboard.panels.map((_, i) => i + 1));
  });
});

describe('Prometheus names', () => {
  it("writes Flink names as the reporter does (values seen on the local stack's Prometheus)", () => {
    expect(flinkLabel('dead letters → collab_dead_letters: Writer')).toBe(
      'dead_letters___collab_dead_letters:_Writer',
    );
    expect(flinkLabel('meeting_trends_60s: Parquet → metrics.meeting_trends_60s: Writer')).toBe(
      'meeting_trends_60s:_Parquet___metrics_meeting_trends_60s:_Writer',
    );
    expect(flinkLabel('x'.repeat(100))).toHaveLength(80);
  });

  it("lists exactly the runtime's dead-letter reasons (runtime's DeadLetterReason.java)", () => {
    const java = fs.readFileSync(
      path.resolve(__dirname, '../../runtime/src/main/java/io/collabstream/runtime/DeadLetterReason.java'),
      'utf8',
    );
    const codes = [...java.matchAll(/^\s+[A-Z_]+\("([a-z-]+)"\)[,;]/gm)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(5);
    expect([...RUNTIME_DEAD_LETTER_REASONS].sort()).toEqual(codes.sort());
  });
});
