// The metric tables' DDL read back as columns, and what an existing table needs to match it.
import { columnChanges, ddlColumns, metricTables } from '../src/lake-tables';

const [metrics30s] = metricTables('s3://lake').filter((t) => t.table === 'meeting_metrics_30s');
const table = metrics30s!;

describe('ddlColumns', () => {
  it('reads every column of the generated DDL in order, partition column last', () => {
    const columns = ddlColumns(table.ddl);
    expect(columns.slice(0, 3)).toEqual([
      ['meeting_id', 'varchar'],
      ['window_start', 'timestamp(3)'],
      ['window_end', 'timestamp(3)'],
    ]);
    expect(columns).toContainEqual(['p95_latency_ms', 'double']);
    expect(columns.at(-1)).toEqual(['date', 'varchar']);
    expect(new Set(columns.map(([name]) => name)).size).toBe(columns.length);
  });
});

describe('columnChanges', () => {
  const all = ddlColumns(table.ddl);

  it('asks nothing of a table that has every column', () => {
    expect(columnChanges(table, all)).toEqual([]);
  });

  it('adds the columns of measures a table made by an earlier job version lacks', () => {
    const older = all.filter(([name]) => name !== 'p95_latency_ms');
    expect(columnChanges(table, older)).toEqual([
      'ALTER TABLE lake."metrics"."meeting_metrics_30s" ADD COLUMN IF NOT EXISTS "p95_latency_ms" double',
    ]);
  });

  it('refuses a column whose type changed, naming the table to re-create', () => {
    const retyped = all.map(([name, type]) => [name, name === 'joins' ? 'double' : type] as const);
    expect(() => columnChanges(table, retyped)).toThrow(
      /lake\.metrics\.meeting_metrics_30s\.joins is double in Trino but the job writes bigint: drop the table/,
    );
  });
});
