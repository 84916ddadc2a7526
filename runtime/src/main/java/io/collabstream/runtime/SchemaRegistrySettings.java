package io.collabstream.runtime;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the registry is and how patiently to talk to it. Serializable so it can travel in the job
 * graph; holds no credentials: those are read from the environment where the client is created (see
 * {@link SchemaRegistryClient#USERNAME_ENV}).
 */
public final class SchemaRegistrySettings implements SchemaLookupFactory, Serializable {
  private static final long serialVersionUID = 1L;

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);
  public static final int DEFAULT_MAX_CACHED_SCHEMAS = 1000;

  /**
   * How long an id the registry called unknown stays unknown here; short, because a schema may be
   * registered just after a producer (wrongly) used its id, and long enough that a flood of garbage
   * ids does not become a flood of HTTP calls.
   */
  public static final Duration DEFAULT_UNKNOWN_ID_TTL = Duration.ofSeconds(30);

  private final String baseUrl;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration retryBackoff;
  private final int maxCachedSchemas;
  private final Duration unknownIdTtl;

  private SchemaRegistrySettings(
      String baseUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxAttempts,
      Duration retryBackoff,
      int maxCachedSchemas,
      Duration unknownIdTtl) {
    URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("schema registry url must be http(s)://…, got " + baseUrl);
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "schema registry url must not carry credentials; set "
              + SchemaRegistryClient.USERNAME_ENV
              + "/"
              + SchemaRegistryClient.PASSWORD_ENV
              + " instead");
    }
    if (maxAttempts < 1 || maxCachedSchemas < 1) {
      throw new IllegalArgumentException("maxAttempts and maxCachedSchemas must be >= 1");
    }
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.maxAttempts = maxAttempts;
    this.retryBackoff = retryBackoff;
    this.maxCachedSchemas = maxCachedSchemas;
    this.unknownIdTtl = unknownIdTtl;
  }

  public static SchemaRegistrySettings of(String baseUrl) {
    return new SchemaRegistrySettings(
        baseUrl,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_RETRY_BACKOFF,
        DEFAULT_MAX_CACHED_SCHEMAS,
        DEFAULT_UNKNOWN_ID_TTL);
  }

  public SchemaRegistrySettings withTimeouts(Duration connect, Duration request) {
    return new SchemaRegistrySettings(
        baseUrl, connect, request, maxAttempts, retryBackoff, maxCachedSchemas, unknownIdTtl);
  }

  public SchemaRegistrySettings withRetries(int attempts, Duration backoff) {
    return new SchemaRegistrySettings(
        baseUrl, connectTimeout, requestTimeout, attempts, backoff, maxCachedSchemas, unknownIdTtl);
  }

  public SchemaRegistrySettings withMaxCachedSchemas(int max) {
    return new SchemaRegistrySettings(
        baseUrl, connectTimeout, requestTimeout, maxAttempts, retryBackoff, max, unknownIdTtl);
  }

  public SchemaRegistrySettings withUnknownIdTtl(Duration ttl) {
    return new SchemaRegistrySettings(
        baseUrl, connectTimeout, requestTimeout, maxAttempts, retryBackoff, maxCachedSchemas, ttl);
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration retryBackoff() {
    return retryBackoff;
  }

  public int maxCachedSchemas() {
    return maxCachedSchemas;
  }

  public Duration unknownIdTtl() {
    return unknownIdTtl;
  }

  /** Builds a client with credentials from this process's environment. */
  @Override
  public SchemaLookup create() {
    return new SchemaRegistryClient(this, System::getenv);
  }
}
