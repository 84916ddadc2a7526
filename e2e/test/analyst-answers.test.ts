// The analyst queries' TypeScript statement, on rows worked out by hand, and the comparison with Trino's answers.
import type { Row } from '../../evaluator';
import type { World } from '../../simulator/src/world';
import { answerDifferences, expectedAnswers } from '../src/analyst-answers';

const org = (org_id: string, name: string, plan_tier: 'free' | 'pro') => ({
  org_id,
  name,
  plan_tier,
  seats: 10,
  monthly_price_usd: 0,
  region: 'eu-west',
});
const acme = org('o1', 'Acme', 'pro');
const hooli = org('o2', 'Hooli', 'free');
const world: World = {
  organizations: [acme, hooli],
  users: [
    {
      user_id: 'u1',
      org_id: 'o1',
      display_name: 'Ada',
      role: 'engineer',
      country: 'DE',
      signup_date: '2026-01-01',
    },
  ],
  usersByOrg: new Map(),
};
const meetings = [
  { meeting_id: 'm1', org_id: 'o1', host_user_id: 'u1', start: 0, end: 1, participants: 2 },
  { meeting_id: 'm2', org_id: 'o2', host_user_id: 'u9', start: 0, end: 1, participants: 2 },
];
const window = (meeting_id: string, values: Partial<Row>): Row => ({
  meeting_id,
  message_count: 0,
  reaction_count: 0,
  participants: 1,
  engagement_score: 0,
  active_users: 1,
  message_rate: 0,
  meeting_health: 'healthy',
  avg_latency_ms: null,
  p95_latency_ms: null,
  avg_packet_loss_pct: null,
  date: '2026-12-04',
  ...values,
});
const metrics30s = [
  window('m1', {
    message_count: 3,
    participants: 2,
    engagement_score: 40.04,
    meeting_health: 'critical',
    avg_latency_ms: 310,
  }),
  window('m1', {
    message_count: 1,
    engagement_score: 10,
    meeting_health: 'degraded',
    p95_latency_ms: 180.26,
  }),
  window('m2', { message_count: 5, reaction_count: 2, meeting_health: 'degraded', date: '2026-12-03' }),
  window('m3', { message_count: 99 }), // no meeting_history row: the inner join drops it
];
const trends60s = [
  window('m1', { joins: 2, leaves: 0, churn_rate: 1 }),
  window('m1', { joins: 0, leaves: 1, churn_rate: 0.5 }),
];
const answers = expectedAnswers({ metrics30s, trends60s, world, meetings, today: '2026-12-04' });

describe('expectedAnswers', () => {
  it('joins with the history: organisation and host names, unknown hosts null, unknown meetings left out', () => {
    expect(answers.busiest_meetings!.rows).toEqual([
      {
        meeting_id: 'm2',
        organization: 'Hooli',
        host: null,
        messages: 5,
        reactions: 2,
        peak_participants: 1,
        peak_engagement: 0,
      },
      {
        meeting_id: 'm1',
        organization: 'Acme',
        host: 'Ada',
        messages: 4,
        reactions: 0,
        peak_participants: 2,
        peak_engagement: 40.04,
      },
    ]);
  });

  it("counts only today's unhealthy windows, with the worst values", () => {
    expect(answers.unhealthy_meetings_today!.rows).toEqual([
      {
        meeting_id: 'm1',
        organization: 'Acme',
        critical_windows: 1,
        degraded_windows: 1,
        worst_latency_ms: 310,
        worst_p95_latency_ms: 180.26,
        worst_packet_loss_pct: null,
      },
    ]);
  });

  it('averages per organisation and per plan tier', () => {
    expect(answers.churn_by_organization!.rows).toEqual([
      { organization: 'Acme', plan_tier: 'pro', meetings: 1, joins: 2, leaves: 1, avg_churn_rate: 0.75 },
    ]);
    expect(
      answers.engagement_by_plan_tier!.rows.map((r) => [r.plan_tier, r.windows, r.avg_engagement]),
    ).toEqual([
      ['pro', 2, 25.02],
      ['free', 1, 0],
    ]);
  });
});

describe('answerDifferences', () => {
  const busiest = answers.busiest_meetings!;

  it('accepts a rounded value within half a unit of the exact one', () => {
    const got = busiest.rows.map((r) => ({ ...r, peak_engagement: r.meeting_id === 'm1' ? 40 : 0 }));
    expect(answerDifferences(busiest, got)).toEqual([]);
  });

  it('reports a value off by more than the rounding, a row out of order and a missing row', () => {
    const [m2, m1] = busiest.rows;
    expect(answerDifferences(busiest, [m2!, { ...m1!, peak_engagement: 40.2 }])).toEqual([
      'm1 peak_engagement: Trino 40.2, expected 40.04',
    ]);
    expect(answerDifferences(busiest, [m1!, m2!])[0]).toBe('m2: expected at row 1, Trino has m1');
    expect(answerDifferences(busiest, [m2!])).toContain('1 rows from Trino, 2 expected');
  });
});
