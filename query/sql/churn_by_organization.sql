-- Churn by organisation: joins and leaves relative to active users, from the minute-long trend windows.
SELECT
  p.name AS organization,
  p.plan_tier,
  count(DISTINCT t.meeting_id) AS meetings,
  sum(t.joins) AS joins,
  sum(t.leaves) AS leaves,
  round(avg(t.churn_rate), 3) AS avg_churn_rate
FROM lake.metrics.meeting_trends_60s AS t
JOIN lake.history.meeting_history AS h ON h.meeting_id = t.meeting_id
JOIN lake.history.organization_plans AS p ON p.org_id = h.org_id
GROUP BY p.name, p.plan_tier
ORDER BY avg_churn_rate DESC, organization
