-- Busiest meetings: most chat messages, with their peak presence and their host.
SELECT
  m.meeting_id,
  p.name AS organization,
  u.display_name AS host,
  sum(m.message_count) AS messages,
  sum(m.reaction_count) AS reactions,
  max(m.participants) AS peak_participants,
  round(max(m.engagement_score), 1) AS peak_engagement
FROM lake.metrics.meeting_metrics_30s AS m
JOIN lake.history.meeting_history AS h ON h.meeting_id = m.meeting_id
JOIN lake.history.organization_plans AS p ON p.org_id = h.org_id
LEFT JOIN lake.history.user_profiles AS u ON u.user_id = h.host_user_id
GROUP BY m.meeting_id, p.name, u.display_name
ORDER BY messages DESC, m.meeting_id
LIMIT 10
