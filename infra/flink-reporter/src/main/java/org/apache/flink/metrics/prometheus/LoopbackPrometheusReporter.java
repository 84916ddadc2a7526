package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.flink.metrics.MetricConfig;

/**
 * Flink's PrometheusReporter serves on every interface (it binds the wildcard address); the local stack must bind
 * 127.0.0.1 only. Same metrics and naming (it reuses AbstractPrometheusReporter, hence this package, since the
 * registry field is package-private); only the bind address differs. Options: {@code host}, {@code port}.
 */
public class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
  private HTTPServer httpServer;

  @Override
  public void open(MetricConfig config) {
    super.open(config);
    String host = config.getString("host", "127.0.0.1");
    int port = config.getInteger("port", 9249);
    try {
      httpServer = new HTTPServer(new InetSocketAddress(host, port), registry, true);
      log.info("Started LoopbackPrometheusReporter HTTP server on {}:{}.", host, port);
    } catch (IOException e) {
      throw new RuntimeException("Could not start Prometheus reporter HTTP server on " + host + ":" + port, e);
    }
  }

  @Override
  public void close() {
    if (httpServer != null) {
      httpServer.stop();
    }
    super.close();
  }
}
