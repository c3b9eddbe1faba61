package io.distillery.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka: bootstrap servers plus client settings passed through unchanged
 * (security, timeouts) from a properties file and {@code --kafka-property} options. Shared by every
 * stage as a picocli mixin, so one laptop and a secured cluster differ only in options.
 */
public final class KafkaOptions {

  /** Environment variable read when {@code --bootstrap-servers} is not given. */
  public static final String BOOTSTRAP_ENV = "DISTILLERY_BOOTSTRAP_SERVERS";

  @Option(
      names = {"-b", "--bootstrap-servers"},
      description = "Kafka bootstrap servers (default: $" + BOOTSTRAP_ENV + " or 127.0.0.1:9092).")
  String bootstrapServers;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Properties file of Kafka client settings (e.g. security.protocol, ssl.*, sasl.*).")
  Path kafkaConfig;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = "A Kafka client setting; repeatable; overrides --kafka-config.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  /** The bootstrap servers to use. */
  public String bootstrapServers() {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return bootstrapServers;
    }
    String env = System.getenv(BOOTSTRAP_ENV);
    return env == null || env.isBlank() ? "127.0.0.1:9092" : env;
  }

  /** Client settings to pass through to every Kafka client, bootstrap servers excluded. */
  public Map<String, Object> clientOverrides() {
    Map<String, Object> settings = new HashMap<>();
    if (kafkaConfig != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(kafkaConfig)) {
        file.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read --kafka-config " + kafkaConfig, e);
      }
      file.forEach((k, v) -> settings.put(k.toString(), v));
    }
    settings.putAll(kafkaProperties);
    settings.remove("bootstrap.servers");
    return settings;
  }
}
