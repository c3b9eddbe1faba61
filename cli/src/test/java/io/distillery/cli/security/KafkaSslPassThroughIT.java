package io.distillery.cli.security;

import static io.distillery.cli.fixture.PipelineCommands.TASK;
import static io.distillery.cli.fixture.PipelineCommands.filter;
import static io.distillery.cli.fixture.PipelineCommands.label;
import static io.distillery.cli.fixture.PipelineCommands.run;
import static io.distillery.cli.fixture.PipelineCommands.teacher;
import static io.distillery.cli.fixture.PipelineCommands.train;
import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.broker.SslListener;
import io.distillery.cli.fixture.CliProcess;
import io.distillery.cli.fixture.PipelineCommands;
import io.distillery.modelserver.InferenceServer;
import io.distillery.testkit.tls.CertificateAuthority;
import io.distillery.testkit.tls.CertificateAuthority.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stage, run as the {@code distillery} command in a JVM of its own, works against a broker
 * that only speaks mutual TLS, with the client settings passed through by {@code --kafka-config}
 * and {@code --kafka-property}: the producer (which creates the topics), the labeler, the filter,
 * the trainer and the monitor. The key store password and a SASL JAAS config given on the command
 * line never appear in any of their logs, while Kafka's configuration dumps show them as hidden.
 */
@Tag("integration")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class KafkaSslPassThroughIT {

  private static final int IMAGES = 6;

  @TempDir Path dir;

  @Test
  void shouldRunEveryStageOverMutualTlsWithPassedThroughSettingsAndNeverLogTheSecrets()
      throws Exception {
    String storePassword = "store-" + UUID.randomUUID();
    String jaasPassword = "jaas-" + UUID.randomUUID();
    CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "distillery-test-ca");
    IssuedCertificate brokerCertificate = ca.issue("broker");
    Path keyStore = ca.keyStore(ca.issue("stages"), storePassword);
    Path clientConfig = dir.resolve("client-ssl.properties");
    Files.writeString(
        clientConfig,
        String.join(
            "\n",
            "security.protocol=SSL",
            "ssl.truststore.type=PEM",
            "ssl.truststore.location=" + ca.certificate(),
            "ssl.keystore.type=PKCS12",
            "ssl.keystore.location=" + keyStore,
            "ssl.key.password=" + storePassword,
            ""));
    List<String> kafka =
        List.of(
            "--kafka-config",
            clientConfig.toString(),
            "--kafka-property",
            "ssl.keystore.password=" + storePassword,
            "--kafka-property",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"distillery\" password=\""
                + jaasPassword
                + "\";");
    Path logs = dir.resolve("logs");
    List<CliProcess> processes = new ArrayList<>();
    SslListener tls =
        new SslListener(brokerCertificate.keyAndCertificate(), ca.certificate(), true);
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, Map.of(), tls);
        InferenceServer server =
            InferenceServer.start(teacher(dir.resolve("models"), "ssl-teacher"))) {
      List<String> connection = new ArrayList<>(kafka);
      connection.addAll(List.of("--bootstrap-servers", broker.sslBootstrapServers()));
      Path blobs = dir.resolve("blobs");

      PipelineCommands.ingestImages(
          processes, logs, connection, blobs, dir.resolve("images"), 0, IMAGES);
      CliProcess label =
          run(processes, "label", logs, connection, label(server.port(), "ssl-teacher", blobs));
      CliProcess filter =
          run(processes, "filter", logs, connection, filter(dir.resolve("filter-state")));
      CliProcess train =
          run(processes, "train", logs, connection, train(dir.resolve("trainer"), blobs, IMAGES));
      assertThat(train.await(300)).as(train.log()).isZero();
      assertThat(train.log()).contains("trained " + IMAGES + " samples");
      assertThat(label.alive()).as(label.log()).isTrue();
      assertThat(filter.alive()).as(filter.log()).isTrue();

      CliProcess monitor =
          run(processes, "monitor", logs, connection, List.of("monitor", "--once", "--task", TASK));
      assertThat(monitor.await(120)).as(monitor.log()).isZero();
      assertThat(monitor.log()).contains(TASK);
    } finally {
      for (CliProcess p : processes) {
        p.close();
      }
    }

    StringBuilder all = new StringBuilder();
    for (CliProcess p : processes) {
      all.append("=== ").append(p.name()).append('\n').append(p.log());
    }
    String everything = all.toString();
    assertThat(everything)
        .as("Kafka dumped the client configs, passwords hidden")
        .contains("ssl.keystore.password = [hidden]")
        .contains("sasl.jaas.config = [hidden]")
        .contains("ssl.key.password = [hidden]");
    assertThat(everything).doesNotContain(storePassword).doesNotContain(jaasPassword);
  }
}
