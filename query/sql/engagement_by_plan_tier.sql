-- Engagement by plan tier: how engaged meetings are, per 30-second window, for each organisation plan.
SELECT
  p.plan_tier,
  count(DISTINCT m.meeting_id) AS meetings,
  count(*) AS windows,
  round(avg(m.engagement_score), 1) AS avg_engagement,
  round(avg(m.active_users), 2) AS avg_active_users,
  round(avg(m.message_rate), 3) AS avg_messages_per_s
FROM lake.metrics.meeting_metrics_30s AS m
JOIN lake.history.meeting_history AS h ON h.meeting_id = m.meeting_id
JOIN lake.history.organization_plans AS p ON p.org_id = h.org_id
GROUP BY p.plan_tier
ORDER BY avg_engagement DESC
