package io.distillery.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a schema registry, read from the same settings as the Kafka clients (a {@code
 * --kafka-config} file, {@code --kafka-property} options) under the names Confluent's serializers
 * use. Values may come from Kafka config providers ({@code ${file:...}}, {@code ${env:...}}), so
 * the basic-auth password need not be written into the file; it is a {@link Password} and never
 * printed.
 */
public final class RegistryConfig extends AbstractConfig {

  /** Base URLs of the registry's Confluent-compatible API, comma separated, tried in order. */
  public static final String URL = "schema.registry.url";

  /** Where basic-auth credentials come from: {@code USER_INFO} (the only source supported). */
  public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** Basic-auth credentials as {@code user:password}. */
  public static final String USER_INFO = "basic.auth.user.info";

  /** Trust store for an {@code https} registry (JKS or PKCS12). */
  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

  /** The trust store's password. */
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

  /** The trust store's type. */
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

  /** Whether a writer registers its schema under the topic's subject ({@code true}). */
  public static final String AUTO_REGISTER = "auto.register.schemas";

  /** How long one HTTP request may take. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  /** How long a call keeps retrying an unreachable or failing (5xx) registry before giving up. */
  public static final String RETRY_MAX_MS = "schema.registry.retry.max.ms";

  private static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(URL, Type.LIST, List.of(), Importance.HIGH, "Schema registry base URLs.")
          .define(
              CREDENTIALS_SOURCE,
              Type.STRING,
              "",
              ConfigDef.CaseInsensitiveValidString.in("", "USER_INFO"),
              Importance.MEDIUM,
              "Basic-auth credentials source.")
          .define(USER_INFO, Type.PASSWORD, null, Importance.MEDIUM, "user:password.")
          .define(TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM, "Trust store file.")
          .define(
              TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Trust store password.")
          .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "JKS or PKCS12.")
          .define(AUTO_REGISTER, Type.BOOLEAN, true, Importance.MEDIUM, "Register on write.")
          .define(
              REQUEST_TIMEOUT_MS,
              Type.INT,
              10_000,
              ConfigDef.Range.atLeast(100),
              Importance.LOW,
              "HTTP request timeout.")
          .define(
              RETRY_MAX_MS,
              Type.LONG,
              30_000L,
              ConfigDef.Range.atLeast(0),
              Importance.LOW,
              "Retry budget per call.");

  /** Reads the registry settings out of {@code settings}; other keys are ignored. */
  public RegistryConfig(Map<?, ?> settings) {
    super(DEFINITION, settings, false);
    if (urls().isEmpty()) {
      throw new ConfigException(URL, "", "the Confluent wire format needs a schema registry URL");
    }
    for (String url : urls()) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new ConfigException(URL, "(not shown)", "not a URL: " + e.getReason());
      }
      if (uri.getRawUserInfo() != null) {
        // such a URL would be printed in logs and errors: credentials go in basic.auth.user.info
        throw new ConfigException(
            URL, "(not shown)", "a registry URL may not hold credentials; use " + USER_INFO);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new ConfigException(URL, url, "a registry URL starts with http:// or https://");
      }
    }
    if (!getString(CREDENTIALS_SOURCE).isEmpty() && getPassword(USER_INFO) == null) {
      throw new ConfigException(USER_INFO, null, "USER_INFO credentials need user:password");
    }
  }

  /** The base URLs, trailing slashes removed. */
  public List<String> urls() {
    return getList(URL).stream().map(u -> u.replaceAll("/+$", "")).toList();
  }

  /** {@code user:password} for basic auth, or {@code null} for none. */
  Password userInfo() {
    return getPassword(USER_INFO);
  }

  boolean autoRegister() {
    return getBoolean(AUTO_REGISTER);
  }
}
