import type { TrinoClient } from '../../query/src/trino';
import { Catalog, readGeneratedIr } from '../src/catalog';
import { Statement, ident, timestamp, varchar } from '../src/sql';
import { TrinoHistory } from '../src/trino-history';
import { parseView } from '../src/view';

describe('statements with bound parameters', () => {
  it('sends the statement text with ? and every value as a typed literal after USING', () => {
    const st = new Statement();
    st.sql(`SELECT 1 FROM t WHERE k IN ${st.list([varchar("it's"), varchar('b')])}`);
    st.sql(` AND ts >= ${st.param(timestamp(Date.parse('2026-11-25T10:00:00.250Z')))}`);
    expect(st.text).toBe('SELECT 1 FROM t WHERE k IN (?, ?) AND ts >= ?');
    expect(st.render()).toBe(
      "EXECUTE IMMEDIATE 'SELECT 1 FROM t WHERE k IN (?, ?) AND ts >= ?' USING 'it''s', 'b', TIMESTAMP '2026-11-25 10:00:00.250'",
    );
  });

  it('refuses an identifier that is not one', () => {
    expect(ident('meeting_id')).toBe('"meeting_id"');
    expect(() => ident('x"; DROP TABLE t; --')).toThrow(/not an identifier/);
  });

  it('builds the history query from the IR, with the filters as parameters only', async () => {
    const metric = new Catalog(readGeneratedIr()).get('meeting_metrics_30s')!;
    const sent: string[] = [];
    const trino = {
      query: (sql: string) => {
        sent.push(sql);
        return Promise.resolve({ columns: [], rows: [], elapsedMs: 0 });
      },
    } as unknown as TrinoClient;
    const view = parseView(
      metric,
      { measure: 'avg_latency_ms', range: '1h', org: 'org-001', tier: 'pro', health: 'critical' },
      Date.parse('2026-11-25T12:00:00Z'),
    );
    await new TrinoHistory(trino).points(metric, view, ['mtg-000001']);
    const [sync, sql] = sent;
    expect(sync).toBe("CALL lake.system.sync_partition_metadata('metrics', 'meeting_metrics_30s', 'FULL')");
    const text = /^EXECUTE IMMEDIATE '(.*)' USING (.*)$/s.exec(sql!)!;
    expect(text[1]).not.toMatch(/org-001|pro|critical|mtg-000001/);
    expect(text[1]).toContain('FROM lake."metrics"."meeting_metrics_30s" AS m');
    expect(text[1]).toContain('JOIN lake.history.organization_plans AS p ON p.org_id = hm.org_id');
    expect(text[2]).toBe(
      "'2026-11-25', '2026-11-25', TIMESTAMP '2026-11-25 11:00:00.000', TIMESTAMP '2026-11-25 12:00:00.001', 'org-001', 'pro', 'critical', 'mtg-000001'",
    );
  });
});
