// The analyst queries of query/sql worked out in TypeScript from the reference evaluator's rows and the simulator's
// world (what lake.history holds): the end-to-end test holds Trino's answers, joins and all, to these. Kept apart
// from the SQL on purpose: a second, independent statement of what each query means.
import type { Row } from '../../evaluator';
import type { MeetingPlan } from '../../simulator/src/meetings';
import type { World } from '../../simulator/src/world';

type Cell = string | number | null;
type AnswerRow = Record<string, Cell>;

export interface ExpectedAnswer {
  /** The columns naming a result row (the query's GROUP BY). */
  readonly key: readonly string[];
  /** Columns the query rounds, with their decimals: Trino's value must be within half a unit of the exact one. */
  readonly rounded: Readonly<Record<string, number>>;
  /** True when the query's order is decided by exact values (counts, ids), so the rows must come in this order. */
  readonly ordered: boolean;
  readonly rows: readonly AnswerRow[];
}

export interface AnalystInput {
  readonly metrics30s: readonly Row[];
  readonly trends60s: readonly Row[];
  readonly world: World;
  readonly meetings: readonly MeetingPlan[];
  /** The UTC date Trino's `current_date` gives, YYYY-MM-DD. */
  readonly today: string;
}

const num = (v: Row[string] | undefined): number | null => (typeof v === 'number' ? v : null);
const maxOf = (values: readonly (number | null)[]): number | null =>
  values.reduce<number | null>((m, v) => (v === null ? m : m === null ? v : Math.max(m, v)), null);
const avgOf = (values: readonly (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((s, v) => s + v, 0) / present.length;
};
const sumOf = (values: readonly (number | null)[]): number =>
  values.reduce<number>((s, v) => s + (v ?? 0), 0);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The expected answer of every analyst query, by its file name in query/sql. */
export function expectedAnswers(input: AnalystInput): Record<string, ExpectedAnswer> {
  const meetings = new Map(input.meetings.map((m) => [m.meeting_id, m]));
  const orgs = new Map(input.world.organizations.map((o) => [o.org_id, o]));
  const users = new Map(input.world.users.map((u) => [u.user_id, u]));
  // The inner joins with meeting_history and organization_plans: rows of meetings the history knows.
  const joined = (rows: readonly Row[]) =>
    rows.flatMap((row) => {
      const meeting = meetings.get(String(row.meeting_id));
      const org = meeting && orgs.get(meeting.org_id);
      return meeting && org ? [{ row, meeting, org }] : [];
    });
  const metrics = joined(input.metrics30s);
  const trends = joined(input.trends60s);

  const busiest = [...groupBy(metrics, (j) => j.meeting.meeting_id).values()]
    .map((group) => {
      const { meeting, org } = group[0]!;
      const rows = group.map((j) => j.row);
      return {
        meeting_id: meeting.meeting_id,
        organization: org.name,
        host: users.get(meeting.host_user_id)?.display_name ?? null,
        messages: sumOf(rows.map((r) => num(r.message_count))),
        reactions: sumOf(rows.map((r) => num(r.reaction_count))),
        peak_participants: maxOf(rows.map((r) => num(r.participants))),
        peak_engagement: maxOf(rows.map((r) => num(r.engagement_score))),
      };
    })
    .sort((a, b) => b.messages - a.messages || byText(a.meeting_id, b.meeting_id))
    .slice(0, 10);

  const churn = [...groupBy(trends, (j) => `${j.org.name}\u0000${j.org.plan_tier}`).values()].map(
    (group) => ({
      organization: group[0]!.org.name,
      plan_tier: group[0]!.org.plan_tier,
      meetings: new Set(group.map((j) => j.meeting.meeting_id)).size,
      joins: sumOf(group.map((j) => num(j.row.joins))),
      leaves: sumOf(group.map((j) => num(j.row.leaves))),
      avg_churn_rate: avgOf(group.map((j) => num(j.row.churn_rate))),
    }),
  );

  const engagement = [...groupBy(metrics, (j) => j.org.plan_tier).values()].map((group) => ({
    plan_tier: group[0]!.org.plan_tier,
    meetings: new Set(group.map((j) => j.meeting.meeting_id)).size,
    windows: group.length,
    avg_engagement: avgOf(group.map((j) => num(j.row.engagement_score))),
    avg_active_users: avgOf(group.map((j) => num(j.row.active_users))),
    avg_messages_per_s: avgOf(group.map((j) => num(j.row.message_rate))),
  }));

  const unhealthyToday = metrics.filter(
    (j) => j.row.date === input.today && j.row.meeting_health !== 'healthy',
  );
  const unhealthy = [...groupBy(unhealthyToday, (j) => j.meeting.meeting_id).values()]
    .map((group) => {
      const rows = group.map((j) => j.row);
      return {
        meeting_id: group[0]!.meeting.meeting_id,
        organization: group[0]!.org.name,
        critical_windows: rows.filter((r) => r.meeting_health === 'critical').length,
        degraded_windows: rows.filter((r) => r.meeting_health === 'degraded').length,
        worst_latency_ms: maxOf(rows.map((r) => num(r.avg_latency_ms))),
        worst_p95_latency_ms: maxOf(rows.map((r) => num(r.p95_latency_ms))),
        worst_packet_loss_pct: maxOf(rows.map((r) => num(r.avg_packet_loss_pct))),
      };
    })
    .sort(
      (a, b) =>
        b.critical_windows - a.critical_windows ||
        b.degraded_windows - a.degraded_windows ||
        byText(a.meeting_id, b.meeting_id),
    )
    .slice(0, 20);

  return {
    busiest_meetings: { key: ['meeting_id'], rounded: { peak_engagement: 1 }, ordered: true, rows: busiest },
    churn_by_organization: {
      key: ['organization', 'plan_tier'],
      rounded: { avg_churn_rate: 3 },
      ordered: false,
      rows: churn,
    },
    engagement_by_plan_tier: {
      key: ['plan_tier'],
      rounded: { avg_engagement: 1, avg_active_users: 2, avg_messages_per_s: 3 },
      ordered: false,
      rows: engagement,
    },
    unhealthy_meetings_today: {
      key: ['meeting_id'],
      rounded: { worst_latency_ms: 1, worst_p95_latency_ms: 1, worst_packet_loss_pct: 2 },
      ordered: true,
      rows: unhealthy,
    },
  };
}

function cellsEqual(got: Cell | undefined, want: Cell, decimals: number | undefined): boolean {
  if (typeof got === 'number' && typeof want === 'number') {
    // Trino sums doubles in an order of its own: the exact value may sit either side of a rounding boundary.
    const slack = 1e-9 * Math.max(1, Math.abs(want));
    return decimals === undefined
      ? Math.abs(got - want) <= slack
      : Math.abs(got - want) <= 0.5 * 10 ** -decimals + slack;
  }
  return got === want;
}

/** How Trino's answer (rows as column → value) differs from the expected one; empty when it does not. */
export function answerDifferences(expected: ExpectedAnswer, got: readonly AnswerRow[]): string[] {
  const out: string[] = [];
  const keyOf = (row: AnswerRow) => expected.key.map((k) => String(row[k])).join(' / ');
  if (got.length !== expected.rows.length)
    out.push(`${got.length} rows from Trino, ${expected.rows.length} expected`);
  const gotByKey = new Map(got.map((row) => [keyOf(row), row]));
  expected.rows.forEach((want, i) => {
    const key = keyOf(want);
    const row = expected.ordered ? got[i] : gotByKey.get(key);
    if (!row || keyOf(row) !== key) {
      out.push(
        `${key}: expected ${expected.ordered ? `at row ${i + 1}` : ''}, Trino has ${row ? keyOf(row) : 'none'}`,
      );
      return;
    }
    for (const [column, value] of Object.entries(want)) {
      if (!cellsEqual(row[column], value, expected.rounded[column]))
        out.push(`${key} ${column}: Trino ${String(row[column])}, expected ${String(value)}`);
    }
  });
  return out.slice(0, 20);
}
