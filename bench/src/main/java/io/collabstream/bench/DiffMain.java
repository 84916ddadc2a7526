package io.collabstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Diffs two contenders' rows files (JSON lines sorted by meeting_id, window_start, as {@link
 * ThroughputMain} writes them): row for row, every column, doubles within 1e-9 relative (as the
 * differential tests compare). Usage: {@code DiffMain <reference> <candidate> [ignored column,…]}.
 * Prints one JSON object: {@code {"equal", "referenceRows", "candidateRows", "compared", "ignored",
 * "differences": [first 20]}}.
 */
public final class DiffMain {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DiffMain() {}

  public static void main(String[] args) throws IOException {
    Set<String> ignored =
        args.length > 2 && !args[2].isEmpty() ? Set.of(args[2].split(",")) : Set.of();
    List<String> differences = new ArrayList<>();
    long referenceRows = 0;
    long candidateRows = 0;
    List<String> compared = new ArrayList<>();
    List<String> flips = new ArrayList<>();
    long flipCount = 0;
    try (BufferedReader a = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8);
        BufferedReader b = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
      while (true) {
        String la = a.readLine();
        String lb = b.readLine();
        if (la == null && lb == null) {
          break;
        }
        if (la != null) {
          referenceRows++;
        }
        if (lb != null) {
          candidateRows++;
        }
        if (la == null || lb == null) {
          if (differences.size() < 20) {
            differences.add(
                "extra row in " + (la == null ? "candidate: " + lb : "reference: " + la));
          }
          continue;
        }
        JsonNode ra = JSON.readTree(la);
        JsonNode rb = JSON.readTree(lb);
        if (compared.isEmpty()) {
          for (Iterator<String> it = ra.fieldNames(); it.hasNext(); ) {
            String column = it.next();
            if (!ignored.contains(column)) {
              compared.add(column);
            }
          }
        }
        List<String> rowDifferences = new ArrayList<>();
        List<String> differingColumns = new ArrayList<>();
        for (String column : compared) {
          if (!same(ra.get(column), rb.get(column))) {
            differingColumns.add(column);
            rowDifferences.add(
                ra.path("meeting_id").asText()
                    + " @"
                    + ra.path("window_start").asText()
                    + " "
                    + column
                    + ": reference "
                    + ra.get(column)
                    + ", candidate "
                    + rb.get(column));
          }
        }
        if (differingColumns.equals(List.of("meeting_health")) && atHealthThreshold(ra)) {
          flipCount++;
          if (flips.size() < 5) {
            flips.add(
                rowDifferences.get(0)
                    + " (avg_latency_ms "
                    + ra.get("avg_latency_ms")
                    + ", avg_packet_loss_pct "
                    + ra.get("avg_packet_loss_pct")
                    + ")");
          }
        } else {
          for (String d : rowDifferences) {
            if (differences.size() < 20) {
              differences.add(d);
            }
          }
        }
      }
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("equal", differences.isEmpty());
    out.put("referenceRows", referenceRows);
    out.put("candidateRows", candidateRows);
    compared.forEach(out.putArray("compared")::add);
    ignored.stream().sorted().forEach(out.putArray("ignored")::add);
    differences.forEach(out.putArray("differences")::add);
    out.put("roundingFlips", flipCount);
    flips.forEach(out.putArray("roundingFlipExamples")::add);
    System.out.println(out);
  }

  private static boolean atHealthThreshold(JsonNode row) {
    return near(row.get("avg_latency_ms"), 150)
        || near(row.get("avg_latency_ms"), 300)
        || near(row.get("avg_packet_loss_pct"), 2)
        || near(row.get("avg_packet_loss_pct"), 5);
  }

  private static boolean near(JsonNode value, double threshold) {
    return value != null
        && value.isNumber()
        && Math.abs(value.asDouble() - threshold) <= 1e-9 * Math.max(1, threshold);
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null || a.isNull() || b.isNull()) {
      return (a == null || a.isNull()) && (b == null || b.isNull());
    }
    if (a.isNumber() && b.isNumber()) {
      double x = a.asDouble();
      double y = b.asDouble();
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
    }
    return a.equals(b);
  }
}
