package io.collabstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;

/**
 * One output row of any contender, in the columns of docs/SEMANTICS.md. {@code participants} is
 * null where a contender cannot compute the presence gauge (Flink SQL, see bench/README.md).
 */
public class BenchRow {
  public static final Comparator<BenchRow> ORDER =
      Comparator.comparing((BenchRow r) -> r.meeting_id).thenComparingLong(r -> r.window_start);
  private static final ObjectMapper JSON = new ObjectMapper();

  public String meeting_id;
  public long window_start;
  public long window_end;
  public long active_users;
  public Long participants;
  public long joins;
  public long leaves;
  public long message_count;
  public long reaction_count;
  public long video_starts;
  public long screen_shares;
  public Double avg_latency_ms;
  public Double p95_latency_ms;
  public Double avg_packet_loss_pct;
  public Double message_rate;
  public Double churn_rate;
  public Double engagement_score;
  public String meeting_health;
  public String date;

  public BenchRow() {}

  /** One JSON object, keys in row order. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("meeting_id", meeting_id);
    n.put("window_start", window_start);
    n.put("window_end", window_end);
    n.put("active_users", active_users);
    n.put("participants", participants);
    n.put("joins", joins);
    n.put("leaves", leaves);
    n.put("message_count", message_count);
    n.put("reaction_count", reaction_count);
    n.put("video_starts", video_starts);
    n.put("screen_shares", screen_shares);
    n.put("avg_latency_ms", avg_latency_ms);
    n.put("p95_latency_ms", p95_latency_ms);
    n.put("avg_packet_loss_pct", avg_packet_loss_pct);
    n.put("message_rate", message_rate);
    n.put("churn_rate", churn_rate);
    n.put("engagement_score", engagement_score);
    n.put("meeting_health", meeting_health);
    n.put("date", date);
    return n.toString();
  }
}
