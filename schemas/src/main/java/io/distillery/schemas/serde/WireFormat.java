package io.distillery.schemas.serde;

import io.distillery.schemas.registry.RegistryConfig;
import io.distillery.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * How topic values are framed, one choice per deployment: Avro single-object encoding with the
 * schemas the build ships (the default), or the Confluent wire format (magic byte 0, the schema's
 * 4-byte registry id, the Avro body) that Kafka Connect, ksqlDB and confluent-kafka read. Chosen
 * with {@value #SETTING} among the Kafka client settings, so every stage reads it from the same
 * file.
 */
public sealed interface WireFormat {

  /** The client setting naming the format: {@code single-object} or {@code confluent}. */
  String SETTING = "distillery.wire.format";

  /** Avro single-object encoding, schemas resolved from the build. */
  static WireFormat singleObject() {
    return SingleObject.INSTANCE;
  }

  /** The Confluent wire format with schemas in the registry {@code registry} reaches. */
  static WireFormat confluent(SchemaRegistryClient registry) {
    return new Confluent(registry);
  }

  /**
   * The format {@code settings} (Kafka client settings) choose; {@code confluent} reads its
   * registry from {@link RegistryConfig}'s settings in the same map.
   *
   * @throws org.apache.kafka.common.config.ConfigException on an unknown format or a missing URL
   */
  static WireFormat from(Map<String, ?> settings) {
    String name =
        new AbstractConfig(
                new ConfigDef()
                    .define(
                        SETTING,
                        Type.STRING,
                        "single-object",
                        ConfigDef.ValidString.in("single-object", "confluent"),
                        Importance.HIGH,
                        "Wire format of topic values."),
                settings,
                false)
            .getString(SETTING);
    return name.equals("confluent")
        ? confluent(new SchemaRegistryClient(new RegistryConfig(settings)))
        : singleObject();
  }

  /** A short description for logs and reports (no credentials). */
  String describe();

  /** Avro single-object encoding. */
  enum SingleObject implements WireFormat {
    INSTANCE;

    @Override
    public String describe() {
      return "single-object";
    }
  }

  /**
   * The Confluent wire format; values are registered under {@code <topic>-value} (the
   * TopicNameStrategy).
   */
  record Confluent(SchemaRegistryClient registry) implements WireFormat {

    /** The subject a topic's values are registered under. */
    public static String subject(String topic) {
      return topic + "-value";
    }

    @Override
    public String describe() {
      return "confluent (schema registry " + registry.url() + ")";
    }
  }
}
