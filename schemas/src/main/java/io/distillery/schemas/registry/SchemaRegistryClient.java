package io.distillery.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * A schema registry client for the REST API Confluent documents, in the subset the wire format
 * needs: register a schema under a subject, look one up, fetch a schema by its global id, read a
 * subject's latest version, check compatibility. Ids and schemas are cached (both are immutable in
 * a registry), so a steady stream makes no calls. Failures to reach the registry, and its 5xx
 * answers, are retried with backoff over every URL within {@link RegistryConfig#RETRY_MAX_MS}.
 * Thread-safe.
 */
public final class SchemaRegistryClient {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> urls;
  private final String authorization;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final long retryBudgetMs;
  private final boolean autoRegister;
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();

  /** A client for the registry {@code config} names. */
  public SchemaRegistryClient(RegistryConfig config) {
    this.urls = config.urls();
    Password userInfo = config.userInfo();
    this.authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(userInfo.value().getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = Duration.ofMillis(config.getInt(RegistryConfig.REQUEST_TIMEOUT_MS));
    this.retryBudgetMs = config.getLong(RegistryConfig.RETRY_MAX_MS);
    this.autoRegister = config.autoRegister();
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(requestTimeout);
    String truststore = config.getString(RegistryConfig.TRUSTSTORE_LOCATION);
    if (truststore != null) {
      builder.sslContext(
          sslContext(
              Path.of(truststore),
              config.getPassword(RegistryConfig.TRUSTSTORE_PASSWORD),
              config.getString(RegistryConfig.TRUSTSTORE_TYPE)));
    }
    this.http = builder.build();
  }

  /** The first base URL, for messages. */
  public String url() {
    return urls.get(0);
  }

  /** Whether writers register their schemas ({@link RegistryConfig#AUTO_REGISTER}). */
  public boolean autoRegister() {
    return autoRegister;
  }

  /** Registers {@code schema} under {@code subject} (a no-op when it is there); its global id. */
  public int register(String subject, Schema schema) {
    return cachedId("register", subject, schema, subjectPath(subject) + "/versions");
  }

  /** The id {@code schema} has under {@code subject}; fails with 404 when it is not registered. */
  public int lookup(String subject, Schema schema) {
    return cachedId("lookup", subject, schema, subjectPath(subject));
  }

  private int cachedId(String call, String subject, Schema schema, String path) {
    // no HTTP inside a map's lock: two threads may ask at once, and both get the same id
    String key = call + "\n" + subject + "\n" + schema;
    Integer id = idBySubjectAndSchema.get(key);
    if (id == null) {
      id = field(call("POST", path, body(schema)), "id", path).asInt();
      idBySubjectAndSchema.putIfAbsent(key, id);
    }
    return id;
  }

  /** The schema with global id {@code id}; fails with 404 (error code 40403) when there is none. */
  public Schema schemaById(int id) {
    Schema cached = byId.get(id);
    if (cached != null) {
      return cached;
    }
    String path = "/schemas/ids/" + id;
    Schema schema = parse(field(call("GET", path, null), "schema", path).asText(), path);
    byId.put(id, schema);
    return schema;
  }

  /** The latest version registered under {@code subject}. */
  public Registered latest(String subject) {
    String path = subjectPath(subject) + "/versions/latest";
    JsonNode answer = call("GET", path, null);
    return new Registered(
        field(answer, "id", path).asInt(),
        field(answer, "version", path).asInt(),
        parse(field(answer, "schema", path).asText(), path));
  }

  /** Whether {@code schema} may be registered under {@code subject} by its compatibility rule. */
  public boolean compatible(String subject, Schema schema) {
    return call("POST", "/compatibility" + subjectPath(subject) + "/versions/latest", body(schema))
        .path("is_compatible")
        .asBoolean(false);
  }

  /** A schema as a subject holds it. */
  public record Registered(int id, int version, Schema schema) {}

  /**
   * {@code name} of a registry's answer; its absence means something other than a registry answered
   * (a proxy's page, a wrong base path), which is not a record's fault.
   */
  private JsonNode field(JsonNode answer, String name, String path) {
    JsonNode value = answer.get(name);
    boolean valid = value != null && (name.equals("schema") ? value.isTextual() : value.isInt());
    if (!valid) {
      throw new SchemaRegistryException(
          "The schema registry at " + url() + " answered " + path + " without a valid " + name,
          200,
          200,
          null);
    }
    return value;
  }

  private Schema parse(String schema, String path) {
    try {
      return new Schema.Parser().parse(schema);
    } catch (RuntimeException e) {
      throw new SchemaRegistryException(
          "The schema registry at " + url() + " answered " + path + " with an unreadable schema",
          200,
          200,
          e);
    }
  }

  private static String subjectPath(String subject) {
    return "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String body(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private JsonNode call(String method, String path, String body) {
    long deadline = System.nanoTime() + retryBudgetMs * 1_000_000L;
    long backoffMs = 100;
    SchemaRegistryException last = null;
    while (true) {
      for (String base : urls) {
        try {
          return once(method, base, path, body);
        } catch (SchemaRegistryException e) {
          if (!e.unavailable()) {
            throw e;
          }
          last = e;
        }
      }
      if (System.nanoTime() + backoffMs * 1_000_000L > deadline) {
        throw new SchemaRegistryException(
            "Schema registry unavailable after "
                + retryBudgetMs
                + " ms of retries ("
                + method
                + " "
                + path
                + "): "
                + last.getMessage(),
            last.status(),
            last.errorCode(),
            last);
      }
      try {
        Thread.sleep(backoffMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("Interrupted calling the schema registry", -1, -1, e);
      }
      backoffMs = Math.min(backoffMs * 2, 2_000);
    }
  }

  private JsonNode once(String method, String base, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(requestTimeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException(method + " " + base + path + " failed: " + e, -1, -1, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Interrupted calling the schema registry", -1, -1, e);
    }
    JsonNode answer = parse(response.body());
    if (response.statusCode() / 100 == 2) {
      return answer;
    }
    int code = answer.path("error_code").asInt(response.statusCode());
    String message = answer.path("message").asText(response.body());
    throw new SchemaRegistryException(
        method
            + " "
            + base
            + path
            + " answered "
            + response.statusCode()
            + " (error code "
            + code
            + "): "
            + message,
        response.statusCode(),
        code,
        null);
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", body);
    }
  }

  private static SSLContext sslContext(Path truststore, Password password, String type) {
    try (InputStream in = Files.newInputStream(truststore)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password == null ? null : password.value().toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          RegistryConfig.TRUSTSTORE_LOCATION, truststore.toString(), "cannot load: " + e);
    }
  }
}
