// The historical Hive tables analysts join metrics with (lake.history.*), written through Trino as Parquet from
// the simulator's world, so every simulated meeting, organisation and user has its row.
import type { MeetingPlan } from '../../simulator/src/meetings';
import type { World } from '../../simulator/src/world';
import type { TrinoClient } from './trino';

type Cell = string | number | null;

interface HistoryTable {
  readonly name: string;
  readonly columns: readonly (readonly [string, string])[];
  readonly rows: readonly (readonly Cell[])[];
}

function literal(value: Cell, type: string): string {
  if (value === null) return 'NULL';
  if (type.startsWith('timestamp'))
    return `TIMESTAMP '${new Date(value as number).toISOString().replace('T', ' ').replace('Z', '')}'`;
  if (type === 'date') return `DATE '${value}'`;
  if (typeof value === 'number') return type === 'double' ? `DOUBLE '${value}'` : String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

export function historyTables(world: World, meetings: readonly MeetingPlan[]): HistoryTable[] {
  return [
    {
      name: 'organization_plans',
      columns: [
        ['org_id', 'varchar'],
        ['name', 'varchar'],
        ['plan_tier', 'varchar'],
        ['seats', 'integer'],
        ['monthly_price_usd', 'double'],
        ['region', 'varchar'],
      ],
      rows: world.organizations.map((o) => [
        o.org_id,
        o.name,
        o.plan_tier,
        o.seats,
        o.monthly_price_usd,
        o.region,
      ]),
    },
    {
      name: 'user_profiles',
      columns: [
        ['user_id', 'varchar'],
        ['org_id', 'varchar'],
        ['display_name', 'varchar'],
        ['role', 'varchar'],
        ['country', 'varchar'],
        ['signup_date', 'date'],
      ],
      rows: world.users.map((u) => [u.user_id, u.org_id, u.display_name, u.role, u.country, u.signup_date]),
    },
    {
      name: 'meeting_history',
      columns: [
        ['meeting_id', 'varchar'],
        ['org_id', 'varchar'],
        ['host_user_id', 'varchar'],
        ['scheduled_start', 'timestamp(3)'],
        ['scheduled_end', 'timestamp(3)'],
        ['invited_participants', 'integer'],
      ],
      rows: meetings.map((m) => [m.meeting_id, m.org_id, m.host_user_id, m.start, m.end, m.participants]),
    },
  ];
}

const BATCH = 400;

/** Replaces lake.history.<table> with the given rows (Parquet), for every table. */
export async function writeHistory(
  trino: TrinoClient,
  tables: readonly HistoryTable[],
  schema = 'lake.history',
): Promise<void> {
  for (const table of tables) {
    const name = `${schema}.${table.name}`;
    await trino.query(`DROP TABLE IF EXISTS ${name}`);
    await trino.query(
      `CREATE TABLE ${name} (${table.columns.map(([c, t]) => `${c} ${t}`).join(', ')}) WITH (format = 'PARQUET')`,
    );
    for (let i = 0; i < table.rows.length; i += BATCH) {
      const values = table.rows
        .slice(i, i + BATCH)
        .map((row) => `(${row.map((cell, c) => literal(cell, table.columns[c]![1])).join(', ')})`)
        .join(',\n');
      await trino.query(`INSERT INTO ${name} VALUES ${values}`);
    }
  }
}
