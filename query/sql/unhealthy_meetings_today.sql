-- Unhealthy meetings today (UTC): meetings with degraded or critical network windows, worst first.
SELECT
  m.meeting_id,
  p.name AS organization,
  count_if(m.meeting_health = 'critical') AS critical_windows,
  count_if(m.meeting_health = 'degraded') AS degraded_windows,
  round(max(m.avg_latency_ms), 1) AS worst_latency_ms,
  round(max(m.p95_latency_ms), 1) AS worst_p95_latency_ms,
  round(max(m.avg_packet_loss_pct), 2) AS worst_packet_loss_pct
FROM lake.metrics.meeting_metrics_30s AS m
JOIN lake.history.meeting_history AS h ON h.meeting_id = m.meeting_id
JOIN lake.history.organization_plans AS p ON p.org_id = h.org_id
WHERE m."date" = CAST(current_date AS varchar) AND m.meeting_health <> 'healthy'
GROUP BY m.meeting_id, p.name
ORDER BY critical_windows DESC, degraded_windows DESC, m.meeting_id
LIMIT 20
