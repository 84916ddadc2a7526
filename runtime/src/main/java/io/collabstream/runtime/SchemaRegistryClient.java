package io.collabstream.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A minimal client for the Confluent Schema Registry REST API (Confluent's own client is not
 * available from Maven Central). Works against any compatible server (Confluent, Apicurio's ccompat
 * API, our own).
 *
 * <p>Writer schemas are cached forever (ids are immutable) in a bounded LRU map. Unknown ids are
 * remembered for a short TTL. Transport failures and 5xx/429 are retried with exponential backoff,
 * then surface as {@link SchemaRegistryUnavailableException}; they are never reported as an unknown
 * id, because that would dead-letter good records during a registry outage.
 */
public final class SchemaRegistryClient implements SchemaLookup {
  /** Optional basic-auth user name; read from the environment, never from code or arguments. */
  public static final String USERNAME_ENV = "COLLAB_SCHEMA_REGISTRY_USERNAME";

  /** Optional basic-auth password; read from the environment, never from code or arguments. */
  public static final String PASSWORD_ENV = "COLLAB_SCHEMA_REGISTRY_PASSWORD";

  /** Confluent's "Schema not found" error code. */
  public static final int ERROR_SCHEMA_NOT_FOUND = 40403;

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistrySettings settings;
  private final HttpClient http;
  private final String authorization;
  private final LongSupplier nanoTime;
  private final BoundedCache<Integer, Schema> schemas;
  private final BoundedCache<Integer, Long> unknownUntilNanos;
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong httpRequests = new AtomicLong();

  public SchemaRegistryClient(SchemaRegistrySettings settings, Function<String, String> env) {
    this(settings, env, System::nanoTime);
  }

  SchemaRegistryClient(
      SchemaRegistrySettings settings, Function<String, String> env, LongSupplier nanoTime) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    this.authorization = basicAuth(env.apply(USERNAME_ENV), env.apply(PASSWORD_ENV));
    this.nanoTime = nanoTime;
    this.schemas = new BoundedCache<>(settings.maxCachedSchemas());
    this.unknownUntilNanos = new BoundedCache<>(settings.maxCachedSchemas());
  }

  private static String basicAuth(String user, String password) {
    boolean hasUser = user != null && !user.isEmpty();
    boolean hasPassword = password != null && !password.isEmpty();
    if (hasUser != hasPassword) {
      throw new IllegalArgumentException(
          "set both " + USERNAME_ENV + " and " + PASSWORD_ENV + ", or neither");
    }
    if (!hasUser) {
      return null;
    }
    String token = user + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Schema writerSchema(int id) throws UnknownSchemaIdException, UnusableSchemaException {
    Schema cached = schemas.get(id);
    if (cached != null) {
      cacheHits.incrementAndGet();
      return cached;
    }
    Long unknownUntil = unknownUntilNanos.get(id);
    if (unknownUntil != null) {
      if (nanoTime.getAsLong() - unknownUntil < 0) {
        cacheHits.incrementAndGet();
        throw unknownId(id);
      }
      unknownUntilNanos.remove(id);
    }
    Response response = send(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET(), "GET id");
    if (response.status == 404 && response.errorCode == ERROR_SCHEMA_NOT_FOUND) {
      unknownUntilNanos.put(id, nanoTime.getAsLong() + settings.unknownIdTtl().toNanos());
      throw unknownId(id);
    }
    requireSuccess(response, "GET /schemas/ids/" + id);
    Schema schema = parseAvro(id, response.body);
    schemas.put(id, schema);
    return schema;
  }

  private UnknownSchemaIdException unknownId(int id) {
    return new UnknownSchemaIdException(
        id, "schema id " + id + " is not registered at " + settings.baseUrl());
  }

  private static Schema parseAvro(int id, JsonNode body) throws UnusableSchemaException {
    JsonNode type = body.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
      throw new UnusableSchemaException(
          "schema id " + id + " is " + type.asText() + ", not AVRO", null);
    }
    JsonNode text = body.get("schema");
    if (text == null || !text.isTextual()) {
      throw new SchemaRegistryException(
          "registry answer for schema id " + id + " has no 'schema' string", 200, -1, null);
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new UnusableSchemaException(
          "schema id " + id + " does not parse as Avro: " + e.getMessage(), e);
    }
  }

  /**
   * Registers a schema under a subject and returns its id (idempotent on the server side). For
   * tests and producers; jobs only read.
   */
  public int register(String subject, Schema schema) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String path =
        "/subjects/"
            + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20")
            + "/versions";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    Response response = send(request, "POST " + path);
    requireSuccess(response, "POST " + path);
    JsonNode id = response.body.get("id");
    if (id == null || !id.canConvertToInt()) {
      throw new SchemaRegistryException(
          "registry answer to POST " + path + " has no integer 'id'", response.status, -1, null);
    }
    int schemaId = id.asInt();
    schemas.put(schemaId, schema);
    return schemaId;
  }

  /** Lookups answered from memory (cached schemas and remembered unknown ids). */
  public long cacheHits() {
    return cacheHits.get();
  }

  /** HTTP requests sent, retries included. */
  public long httpRequests() {
    return httpRequests.get();
  }

  private URI uri(String path) {
    return URI.create(settings.baseUrl() + path);
  }

  private static void requireSuccess(Response response, String what) {
    if (response.status / 100 != 2) {
      throw new SchemaRegistryException(
          "schema registry answered "
              + response.status
              + (response.errorCode >= 0 ? " (error_code " + response.errorCode + ")" : "")
              + " to "
              + what
              + ": "
              + response.message,
          response.status,
          response.errorCode,
          null);
    }
  }

  private Response send(HttpRequest.Builder builder, String what) {
    builder.timeout(settings.requestTimeout()).header("Accept", CONTENT_TYPE);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest request = builder.build();
    Exception lastFailure = null;
    int lastStatus = -1;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      if (attempt > 1) {
        sleepBeforeRetry(attempt, what);
      }
      httpRequests.incrementAndGet();
      try {
        HttpResponse<String> raw =
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (raw.statusCode() >= 500 || raw.statusCode() == 429) {
          lastStatus = raw.statusCode();
          lastFailure = null;
          continue;
        }
        return Response.parse(raw.statusCode(), raw.body());
      } catch (IOException e) {
        lastFailure = e;
        lastStatus = -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryUnavailableException("interrupted during " + what, -1, e);
      }
    }
    throw new SchemaRegistryUnavailableException(
        "schema registry at "
            + settings.baseUrl()
            + " unavailable for "
            + what
            + " after "
            + settings.maxAttempts()
            + " attempt(s): "
            + (lastFailure != null ? lastFailure.toString() : "HTTP " + lastStatus),
        lastStatus,
        lastFailure);
  }

  private void sleepBeforeRetry(int attempt, String what) {
    long millis = settings.retryBackoff().toMillis() << Math.min(attempt - 2, 10);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryUnavailableException("interrupted during " + what, -1, e);
    }
  }

  /** A parsed answer; a body that is not JSON (a proxy's HTML page) is kept as a message. */
  private static final class Response {
    final int status;
    final JsonNode body;
    final int errorCode;
    final String message;

    private Response(int status, JsonNode body, int errorCode, String message) {
      this.status = status;
      this.body = body;
      this.errorCode = errorCode;
      this.message = message;
    }

    static Response parse(int status, String text) {
      JsonNode body;
      try {
        body = JSON.readTree(text == null || text.isEmpty() ? "{}" : text);
      } catch (IOException e) {
        body = JSON.createObjectNode();
      }
      if (body == null || !body.isObject()) {
        body = JSON.createObjectNode();
      }
      JsonNode code = body.get("error_code");
      JsonNode message = body.get("message");
      String shortText = text == null ? "" : text.substring(0, Math.min(text.length(), 200));
      return new Response(
          status,
          body,
          code != null && code.canConvertToInt() ? code.asInt() : -1,
          message != null ? message.asText() : shortText);
    }
  }
}
