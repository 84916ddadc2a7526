import { Catalog, readGeneratedIr } from '../src/catalog';
import { compileJobFiles } from '../src/compile-job';

describe('the catalog, from the compiler output', () => {
  const catalog = new Catalog([
    ...readGeneratedIr(),
    ...compileJobFiles(['difftest/jobs/keyed_by_others.ts']),
  ]);

  it('describes the generated metrics: key, window, numeric measures, health, sinks', () => {
    const m = catalog.get('meeting_metrics_30s')!;
    expect(m).toMatchObject({
      key: 'meeting_id',
      windowMs: 30_000,
      health: 'meeting_health',
      healthMeasures: ['avg_latency_ms', 'p95_latency_ms', 'avg_packet_loss_pct'],
      liveTopic: 'meeting_metrics_live',
      lakeTable: { schema: 'metrics', table: 'meeting_metrics_30s' },
    });
    expect(m.measures).toContain('engagement_score');
    expect(m.measures).not.toContain('window_start');
    expect(catalog.get('meeting_trends_60s')).toMatchObject({ windowMs: 60_000, slideMs: 15_000 });
  });

  it('gives a metric keyed by another field its description with no dashboard code', () => {
    expect(catalog.get('org_activity_30s')).toMatchObject({
      key: 'org_id',
      health: null,
      liveTopic: null,
      measures: ['events', 'active_users', 'meetings', 'messages', 'messages_per_user'],
    });
  });

  it('leaves out a metric with a composite key (its pages need one key column) and keeps the others', () => {
    const both = new Catalog(
      compileJobFiles(['difftest/jobs/composite_first_last.ts', 'difftest/jobs/having.ts']),
    );
    expect(both.get('org_meetings_30s')).toBeUndefined();
    expect(both.get('busy_meetings_30s')).toMatchObject({ key: 'meeting_id' });
  });

  it('reports a broken job file with its place', () => {
    expect(() => compileJobFiles(['dashboard/test/no-such-job.ts'])).toThrow(/no-such-job/);
  });
});
