package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback that speaks the Confluent REST API. */
class SchemaRegistryClientTest {
  static final Schema USER_V2 = TestSchemas.load("user_events.v2.avsc");
  static final ObjectMapper JSON = new ObjectMapper();

  HttpServer server;
  final AtomicInteger idRequests = new AtomicInteger();
  final AtomicInteger failuresBeforeSuccess = new AtomicInteger();
  final List<String> authHeaders = new CopyOnWriteArrayList<>();
  final List<String> registered = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/schemas/ids/", this::byId);
    server.createContext("/subjects/", this::register);
    server.createContext("/broken/schemas/ids/", ex -> reply(ex, 404, "<html>Not Found</html>"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void byId(HttpExchange ex) throws IOException {
    idRequests.incrementAndGet();
    authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    if (failuresBeforeSuccess.getAndDecrement() > 0) {
      reply(ex, 503, "{\"error_code\":50300,\"message\":\"busy\"}");
      return;
    }
    String id = ex.getRequestURI().getPath().substring("/schemas/ids/".length());
    switch (id) {
      case "1":
        reply(ex, 200, JSON.writeValueAsString(Map.of("schema", USER_V2.toString())));
        return;
      case "2":
        reply(
            ex,
            200,
            JSON.writeValueAsString(
                Map.of("schema", "syntax = 'proto3';", "schemaType", "PROTOBUF")));
        return;
      default:
        reply(ex, 404, "{\"error_code\":40403,\"message\":\"Schema " + id + " not found\"}");
    }
  }

  private void register(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    registered.add(
        ex.getRequestMethod()
            + " "
            + ex.getRequestURI().getRawPath()
            + " "
            + ex.getRequestHeaders().getFirst("Content-Type"));
    registered.add(JSON.readTree(body).get("schema").asText());
    reply(ex, 200, "{\"id\":7}");
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  SchemaRegistrySettings fast(String url) {
    return SchemaRegistrySettings.of(url)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .withRetries(3, Duration.ofMillis(10));
  }

  SchemaRegistryClient client(Map<String, String> env) {
    return new SchemaRegistryClient(fast(url()), env::get);
  }

  @Test
  void fetchesOnceThenServesFromCache() throws Exception {
    SchemaRegistryClient c = client(Map.of());
    assertThat(c.writerSchema(1)).isEqualTo(USER_V2);
    assertThat(c.writerSchema(1)).isEqualTo(USER_V2);
    assertThat(c.writerSchema(1)).isEqualTo(USER_V2);
    assertThat(idRequests).hasValue(1);
    assertThat(c.cacheHits()).isEqualTo(2);
    assertThat(c.httpRequests()).isEqualTo(1);
  }

  @Test
  void cacheIsBounded() throws Exception {
    SchemaRegistryClient c =
        new SchemaRegistryClient(
            fast(url()).withMaxCachedSchemas(1), Map.<String, String>of()::get);
    c.writerSchema(1);
    assertThatThrownBy(() -> c.writerSchema(3)).isInstanceOf(UnknownSchemaIdException.class);
    c.writerSchema(1);
    assertThat(idRequests).hasValue(2);
  }

  @Test
  void unknownIdIs40403AndIsRememberedForATtl() {
    AtomicLong now = new AtomicLong();
    SchemaRegistryClient c =
        new SchemaRegistryClient(
            fast(url()).withUnknownIdTtl(Duration.ofSeconds(30)),
            Map.<String, String>of()::get,
            now::get);
    assertThatThrownBy(() -> c.writerSchema(42))
        .isInstanceOf(UnknownSchemaIdException.class)
        .hasMessageContaining("42");
    assertThatThrownBy(() -> c.writerSchema(42)).isInstanceOf(UnknownSchemaIdException.class);
    assertThat(idRequests).hasValue(1);
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThatThrownBy(() -> c.writerSchema(42)).isInstanceOf(UnknownSchemaIdException.class);
    assertThat(idRequests).hasValue(2);
  }

  @Test
  void unreachableIsNotUnknown() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    SchemaRegistryClient c =
        new SchemaRegistryClient(
            fast("http://127.0.0.1:" + closedPort), Map.<String, String>of()::get);
    assertThatThrownBy(() -> c.writerSchema(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("after 3 attempt(s)");
    assertThat(c.httpRequests()).isEqualTo(3);
  }

  @Test
  void retriesServerErrorsThenSucceeds() throws Exception {
    failuresBeforeSuccess.set(2);
    assertThat(client(Map.of()).writerSchema(1)).isEqualTo(USER_V2);
    assertThat(idRequests).hasValue(3);
  }

  @Test
  void persistentServerErrorIsUnavailable() {
    failuresBeforeSuccess.set(100);
    assertThatThrownBy(() -> client(Map.of()).writerSchema(1))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("HTTP 503")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(503));
  }

  @Test
  void plain404WithoutErrorCodeIsAMisconfigurationNotAnUnknownId() {
    SchemaRegistryClient c =
        new SchemaRegistryClient(fast(url() + "/broken"), Map.<String, String>of()::get);
    assertThatThrownBy(() -> c.writerSchema(1))
        .isInstanceOf(SchemaRegistryException.class)
        .isNotInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("404");
  }

  @Test
  void nonAvroSchemaIsUnusable() {
    assertThatThrownBy(() -> client(Map.of()).writerSchema(2))
        .isInstanceOf(UnusableSchemaException.class)
        .hasMessageContaining("PROTOBUF");
  }

  @Test
  void timesOutOnASilentServer() throws IOException {
    HttpServer silent =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    silent.createContext(
        "/",
        ex -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    silent.setExecutor(handlers);
    silent.start();
    try {
      SchemaRegistrySettings s =
          SchemaRegistrySettings.of("http://127.0.0.1:" + silent.getAddress().getPort())
              .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200))
              .withRetries(1, Duration.ofMillis(1));
      assertThatThrownBy(
              () -> new SchemaRegistryClient(s, Map.<String, String>of()::get).writerSchema(1))
          .isInstanceOf(SchemaRegistryUnavailableException.class)
          .hasMessageContaining("HttpTimeoutException");
    } finally {
      silent.stop(0);
      handlers.shutdownNow();
    }
  }

  @Test
  void basicAuthComesFromTheEnvironment() throws Exception {
    client(
            Map.of(
                SchemaRegistryClient.USERNAME_ENV, "svc", SchemaRegistryClient.PASSWORD_ENV, "pw"))
        .writerSchema(1);
    client(Map.of()).writerSchema(1);
    assertThat(authHeaders).containsExactly("Basic c3ZjOnB3", "null");
  }

  @Test
  void halfConfiguredAuthIsAnError() {
    assertThatThrownBy(() -> client(Map.of(SchemaRegistryClient.USERNAME_ENV, "svc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SchemaRegistryClient.PASSWORD_ENV);
  }

  @Test
  void credentialsInTheUrlAreRefused() {
    assertThatThrownBy(() -> SchemaRegistrySettings.of("http://u:p@127.0.0.1:1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registersUnderASubject() throws Exception {
    SchemaRegistryClient c = client(Map.of());
    assertThat(c.register("user_events-value", USER_V2)).isEqualTo(7);
    assertThat(registered.get(0))
        .isEqualTo(
            "POST /subjects/user_events-value/versions application/vnd.schemaregistry.v1+json");
    assertThat(new Schema.Parser().parse(registered.get(1))).isEqualTo(USER_V2);
    assertThat(c.writerSchema(7)).isEqualTo(USER_V2);
    assertThat(idRequests).hasValue(0);
  }

  @Test
  void settingsTravelInTheJobGraphAndBuildAClientOnArrival() throws Exception {
    SchemaRegistrySettings copy =
        org.apache.flink.util.InstantiationUtil.clone(fast(url()), getClass().getClassLoader());
    assertThat(copy.baseUrl()).isEqualTo(url());
    assertThat(copy.create().writerSchema(1)).isEqualTo(USER_V2);
  }
}
