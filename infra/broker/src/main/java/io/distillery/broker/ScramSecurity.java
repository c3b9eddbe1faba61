package io.distillery.broker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A secured embedded broker: clients authenticate with SCRAM-SHA-512 on the TLS listener (which
 * becomes SASL_SSL), every request is checked by Kafka's StandardAuthorizer, and only the
 * administrator is a super user. The broker's own listeners (inter-broker and controller, the
 * plaintext ones) authenticate as the administrator with SASL PLAIN, so nothing on the cluster is
 * anonymous; a client of the plaintext listener must present the administrator's PLAIN credentials.
 * Pass {@link #brokerSettings()} as overrides beside an {@link SslListener}.
 *
 * @param admin the administrator's user name
 * @param adminPassword its password
 */
public record ScramSecurity(String admin, String adminPassword) {

  /** The mechanism clients use on the SASL_SSL listener. */
  public static final String MECHANISM = "SCRAM-SHA-512";

  /** The broker settings. */
  public Map<String, String> brokerSettings() {
    String plain =
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + admin
            + "\" password=\""
            + adminPassword
            + "\" user_"
            + admin
            + "=\""
            + adminPassword
            + "\";";
    Map<String, String> s = new LinkedHashMap<>();
    s.put(
        "listener.security.protocol.map",
        "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,SSL:SASL_SSL");
    s.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    s.put("sasl.mechanism.controller.protocol", "PLAIN");
    s.put("listener.name.plaintext.sasl.enabled.mechanisms", "PLAIN");
    s.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    s.put("listener.name.ssl.sasl.enabled.mechanisms", MECHANISM);
    s.put("listener.name.plaintext.plain.sasl.jaas.config", plain);
    s.put("listener.name.controller.plain.sasl.jaas.config", plain);
    s.put(
        "listener.name.ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    s.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    s.put("super.users", "User:" + admin);
    s.put("allow.everyone.if.no.acl.found", "false");
    return s;
  }

  /** Client settings of the administrator on the plaintext listener. */
  public Map<String, Object> adminClientSettings() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("security.protocol", "SASL_PLAINTEXT");
    c.put("sasl.mechanism", "PLAIN");
    c.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + admin
            + "\" password=\""
            + adminPassword
            + "\";");
    return c;
  }
}
