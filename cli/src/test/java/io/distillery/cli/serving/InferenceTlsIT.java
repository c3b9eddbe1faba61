package io.distillery.cli.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.distillery.kserve.client.ClientConfig;
import io.distillery.kserve.client.InferenceException;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.client.TlsSettings;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.labeler.stage.LabelerStage;
import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.ModelReadyRequest;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.models.SyntheticModels;
import io.distillery.testkit.tls.CertificateAuthority;
import io.distillery.testkit.tls.CertificateAuthority.IssuedCertificate;
import io.distillery.trainer.publish.GrpcModelServer;
import io.distillery.trainer.publish.StudentSignature;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.net.ssl.SSLException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The labeler and the trainer's publisher talk to an inference server started with {@code
 * distillery serve-models}'s TLS options, with certificates of a CA of the test's own: the labeler
 * labels over mutual TLS, the trainer loads and warms up a new version over it, and clients without
 * a certificate, or with one of another CA, are refused with an error that says TLS failed.
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class InferenceTlsIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir static Path dir;
  private static CertificateAuthority ca;
  private static IssuedCertificate labelerCertificate;
  private static IssuedCertificate trainerCertificate;
  private static IssuedCertificate stranger;
  private static Path repository;
  private static InferenceServer server;

  @BeforeAll
  static void start() throws Exception {
    ca = CertificateAuthority.create(dir.resolve("ca"), "distillery-test-ca");
    IssuedCertificate serverCertificate = ca.issue("inference-server");
    labelerCertificate = ca.issue("labeler");
    trainerCertificate = ca.issue("trainer");
    stranger = CertificateAuthority.create(dir.resolve("other-ca"), "other-ca").issue("intruder");
    repository = Files.createDirectories(dir.resolve("models"));
    SyntheticModels.imageClassifier(repository, "tls-teacher", 8, Map.of());
    SyntheticModels.imageClassifier(repository, "tls-student", 8, Map.of());
    ServeModelsCommand command = new ServeModelsCommand();
    new CommandLine(command)
        .parseArgs(
            "--repository",
            repository.toString(),
            "--port",
            "0",
            "--tls-cert",
            serverCertificate.certificate().toString(),
            "--tls-key",
            serverCertificate.privateKey().toString(),
            "--tls-client-ca",
            ca.certificate().toString());
    server = InferenceServer.start(command.config());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void shouldLabelOverMutualTls() throws Exception {
    TaskTopics topics = kafka.createTopics("tls-images", 1);
    Set<String> ids = new HashSet<>();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int i = 0; i < 5; i++) {
        String id = "tls-" + i;
        ids.add(id);
        producer.send(new ProducerRecord<>(topics.raw(), id, Serdes.raw().encode(image(id)))).get();
      }
    }
    LabelerStage labeler =
        LabelerStage.start(
            labeler(topics, tls(labelerCertificate.certificate(), labelerCertificate.privateKey())),
            new SimpleMeterRegistry());
    try (KafkaConsumer<String, byte[]> consumer = consumer(topics.labeled())) {
      Set<String> labeled = new HashSet<>();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> labeled.add(r.key()));
                return labeled.containsAll(ids);
              });
      assertThat(labeled).isEqualTo(ids);
    } finally {
      labeler.close();
    }
    assertThat(labeler.failure()).isNull();
  }

  @Test
  void shouldRefuseALabelerWithoutAClientCertificateSayingTlsFailed() {
    TaskTopics topics = TaskTopics.of("tls-no-cert");
    TlsSettings trustOnly =
        new TlsSettings(Optional.of(ca.certificate()), Optional.empty(), Optional.empty());

    assertTlsRefused(
        catchThrowable(
            () -> LabelerStage.start(labeler(topics, trustOnly), new SimpleMeterRegistry())));
  }

  @Test
  void shouldRefuseALabelerWithACertificateOfAnotherAuthoritySayingTlsFailed() {
    TaskTopics topics = TaskTopics.of("tls-stranger");

    assertTlsRefused(
        catchThrowable(
            () ->
                LabelerStage.start(
                    labeler(topics, tls(stranger.certificate(), stranger.privateKey())),
                    new SimpleMeterRegistry())));
  }

  @Test
  void shouldLoadAndWarmUpANewStudentVersionOverTls() throws Exception {
    Files.createDirectories(repository.resolve("tls-student/2"));
    try (GrpcModelServer publisher =
        new GrpcModelServer(
            new ServerAddress("127.0.0.1", server.port()),
            Duration.ofSeconds(30),
            Optional.of(tls(trainerCertificate.certificate(), trainerCertificate.privateKey())))) {
      publisher.loadAndWarmUp(StudentSignature.imageClassifier("tls-student"), 2);
    }

    assertThat(ready("tls-student", "2")).isTrue();
  }

  @Test
  void shouldRefuseAPublisherWithoutAClientCertificate() throws Exception {
    Optional<TlsSettings> trustOnly =
        Optional.of(
            new TlsSettings(Optional.of(ca.certificate()), Optional.empty(), Optional.empty()));
    Throwable failure;
    try (GrpcModelServer publisher =
        new GrpcModelServer(
            new ServerAddress("127.0.0.1", server.port()), Duration.ofSeconds(10), trustOnly)) {
      failure =
          catchThrowable(
              () -> publisher.loadAndWarmUp(StudentSignature.imageClassifier("tls-student"), 1));
    }

    assertThat(failure)
        .isNotNull()
        .hasMessageContaining("TLS with 127.0.0.1:" + server.port() + " failed")
        .hasRootCauseInstanceOf(SSLException.class);
  }

  private static void assertTlsRefused(Throwable failure) {
    assertThat(failure).isInstanceOf(InferenceException.class);
    assertThat(((InferenceException) failure).errorType()).isEqualTo("tls-handshake-failed");
    assertThat(failure)
        .hasMessageContaining("TLS with 127.0.0.1:" + server.port() + " failed")
        .hasMessageContaining("client certificate");
  }

  private static LabelerConfig labeler(TaskTopics topics, TlsSettings tls) {
    return LabelerConfig.builder(
            topics,
            TaskKind.IMAGE,
            kafka.bootstrapServers(),
            ModelBinding.parse("teacher=tls-teacher"),
            ClientConfig.defaults(List.of(new ServerAddress("127.0.0.1", server.port())))
                .withTls(tls))
        .instanceId("tls-0")
        .batch(new BatchPolicy(8, Duration.ofMillis(5), 2, 16L << 20))
        .maxClaimCheckBytes(1 << 20)
        .build();
  }

  private static TlsSettings tls(Path certificate, Path key) {
    return new TlsSettings(
        Optional.of(ca.certificate()), Optional.of(certificate), Optional.of(key));
  }

  private static ChannelCredentials credentials(IssuedCertificate certificate) throws Exception {
    return TlsChannelCredentials.newBuilder()
        .trustManager(ca.certificate().toFile())
        .keyManager(certificate.certificate().toFile(), certificate.privateKey().toFile())
        .build();
  }

  private static boolean ready(String model, String version) throws Exception {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), credentials(trainerCertificate))
            .build();
    try {
      return GRPCInferenceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .modelReady(ModelReadyRequest.newBuilder().setName(model).setVersion(version).build())
          .getReady();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static RawRecord image(String id) throws Exception {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(id.hashCode() & 15, 3, 0, 255);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return RawRecord.newBuilder()
        .setId(id)
        .setTask("tls-images")
        .setModality(Modality.IMAGE)
        .setContentType("image/png")
        .setInline(ByteBuffer.wrap(png.toByteArray()))
        .setSource("test/" + id)
        .setIngestTime(Instant.now())
        .build();
  }

  private static KafkaProducer<String, byte[]> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<String, byte[]> consumer(String topic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "tls-check-" + topic);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            p,
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    c.subscribe(List.of(topic));
    return c;
  }
}
