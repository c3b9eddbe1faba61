package io.distillery.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.broker.SslListener;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.testkit.models.SyntheticModels;
import io.distillery.testkit.tls.CertificateAuthority;
import io.distillery.testkit.tls.CertificateAuthority.IssuedCertificate;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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

  private static final String TASK = "fmnist";
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
        InferenceServer server = InferenceServer.start(teacher(dir.resolve("models")))) {
      List<String> bootstrap = List.of("--bootstrap-servers", broker.sslBootstrapServers());

      CliProcess ingest =
          run(
              processes,
              "ingest",
              logs,
              bootstrap,
              kafka,
              "ingest",
              "dir",
              "--task",
              TASK,
              "--partitions",
              "1",
              "--blob-root",
              dir.resolve("blobs").toString(),
              images(dir.resolve("images")).toString());
      assertThat(ingest.await(120)).as(ingest.log()).isZero();

      CliProcess label =
          run(
              processes,
              "label",
              logs,
              bootstrap,
              kafka,
              "label",
              "--task",
              TASK,
              "--servers",
              "127.0.0.1:" + server.port(),
              "--models",
              "teacher=ssl-teacher",
              "--claim-check-root",
              dir.resolve("blobs").toString());
      CliProcess filter =
          run(
              processes,
              "filter",
              logs,
              bootstrap,
              kafka,
              "filter",
              "--task",
              TASK,
              "--partitions",
              "1",
              "--state-dir",
              dir.resolve("filter-state").toString());
      CliProcess train =
          run(
              processes,
              "train",
              logs,
              bootstrap,
              kafka,
              "train",
              "--task",
              TASK,
              "--no-publish",
              "--evaluate-every",
              "0",
              "--eval-samples",
              "16",
              "--batch-size",
              "2",
              "--linger-ms",
              "200",
              "--max-samples",
              Integer.toString(IMAGES),
              "--checkpoint-dir",
              dir.resolve("trainer").toString(),
              "--models-cache",
              Path.of("target", "models").toAbsolutePath().toString(),
              "--blob-root",
              dir.resolve("blobs").toString());
      assertThat(train.await(300)).as(train.log()).isZero();
      assertThat(train.log()).contains("trained " + IMAGES + " samples");
      assertThat(label.alive()).as(label.log()).isTrue();
      assertThat(filter.alive()).as(filter.log()).isTrue();

      CliProcess monitor =
          run(processes, "monitor", logs, bootstrap, kafka, "monitor", "--once", "--task", TASK);
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

  private static CliProcess run(
      List<CliProcess> processes,
      String name,
      Path logs,
      List<String> bootstrap,
      List<String> kafka,
      String... command)
      throws IOException {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(bootstrap);
    args.addAll(kafka);
    CliProcess p = CliProcess.start(name, logs, args);
    processes.add(p);
    return p;
  }

  private static ServerConfig teacher(Path repository) throws IOException {
    SyntheticModels.imageClassifier(repository, "ssl-teacher", 8, Map.of());
    return ServerConfig.loopback(repository, 0);
  }

  private static Path images(Path dir) throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(3);
    for (int i = 0; i < IMAGES; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 28 * 28; p++) {
        image.getRaster().setSample(p % 28, p / 28, 0, random.nextInt(256));
      }
      ImageIO.write(image, "png", dir.resolve("image-" + i + ".png").toFile());
    }
    return dir;
  }
}
