package io.distillery.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.broker.SslListener;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.testkit.tls.CertificateAuthority;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client settings passed through by prefix reach a TLS listener that requires client certificates.
 */
@Tag("integration")
@Timeout(180)
class SslListenerIT {

  @TempDir Path dir;

  @Test
  void shouldCreateTopicsOverMutualTlsWithPassedThroughClientSettings() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "distillery-test-ca");
    var broker = ca.issue("broker");
    var client = ca.issue("client");
    SslListener listener = new SslListener(broker.keyAndCertificate(), ca.certificate(), true);

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("data"), 0, Map.of(), listener)) {
      Map<String, Object> tls =
          Map.of(
              CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
              "SSL",
              "ssl.truststore.type",
              "PEM",
              "ssl.truststore.location",
              ca.certificate().toString(),
              "ssl.keystore.type",
              "PEM",
              "ssl.keystore.location",
              client.keyAndCertificate().toString(),
              "default.api.timeout.ms",
              "20000",
              "request.timeout.ms",
              "10000");

      List<String> created =
          TopicProvisioner.ensure(
              kafka.sslBootstrapServers(), TaskTopics.of("tls"), TopicLayout.partitions(1), tls);

      assertThat(created).contains("tls.raw", "tls.student-versions");
    }
  }

  @Test
  void shouldRefuseAClientWithoutACertificate() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "distillery-test-ca");
    var broker = ca.issue("broker");
    SslListener listener = new SslListener(broker.keyAndCertificate(), ca.certificate(), true);

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("data"), 0, Map.of(), listener)) {
      Map<String, Object> trustOnly =
          Map.of(
              CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
              "SSL",
              "ssl.truststore.type",
              "PEM",
              "ssl.truststore.location",
              ca.certificate().toString(),
              "default.api.timeout.ms",
              "8000",
              "request.timeout.ms",
              "4000");

      assertThatThrownBy(
              () ->
                  TopicProvisioner.ensure(
                      kafka.sslBootstrapServers(),
                      TaskTopics.of("tls"),
                      TopicLayout.partitions(1),
                      trustOnly))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Cannot create the topics of task tls")
          .hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
    }
  }
}
