package io.distillery.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.ServerReadyRequest;
import io.distillery.testkit.tls.CertificateAuthority;
import io.distillery.testkit.tls.CertificateAuthority.IssuedCertificate;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development inference server over TLS and mutual TLS with certificates from a CA of the
 * test's own: a client with a certificate of that CA is served; one without a certificate, one with
 * a certificate of another CA, and a plaintext one are refused in the handshake.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsServingIT {

  @TempDir static Path dir;
  private static CertificateAuthority ca;
  private static IssuedCertificate client;
  private static IssuedCertificate stranger;
  private static InferenceServer mutual;
  private static InferenceServer tlsOnly;

  @BeforeAll
  static void start() throws Exception {
    ca = CertificateAuthority.create(dir.resolve("ca"), "distillery-test-ca");
    IssuedCertificate server = ca.issue("inference-server");
    client = ca.issue("labeler");
    stranger = CertificateAuthority.create(dir.resolve("other-ca"), "other-ca").issue("intruder");
    Path repository = Files.createDirectories(dir.resolve("models"));
    ServerConfig plain = new ServerConfig(repository, "127.0.0.1", 0, 1 << 20, List.of());
    mutual =
        InferenceServer.start(
            plain.withTls(
                ServerTls.mutual(server.certificate(), server.privateKey(), ca.certificate())));
    tlsOnly =
        InferenceServer.start(
            plain.withTls(ServerTls.of(server.certificate(), server.privateKey())));
  }

  @AfterAll
  static void stop() {
    mutual.close();
    tlsOnly.close();
  }

  @Test
  void shouldServeAClientWithACertificateOfItsAuthority() throws Exception {
    assertThat(ready(mutual, tls(client))).isTrue();
  }

  @Test
  void shouldServeTlsWithoutClientCertificatesWhenNotMutual() throws Exception {
    assertThat(
            ready(
                tlsOnly,
                TlsChannelCredentials.newBuilder().trustManager(ca.certificate().toFile()).build()))
        .isTrue();
  }

  @Test
  void shouldRefuseAClientWithoutACertificate() throws Exception {
    ChannelCredentials noCertificate =
        TlsChannelCredentials.newBuilder().trustManager(ca.certificate().toFile()).build();

    assertHandshakeRefused(mutual, noCertificate);
  }

  @Test
  void shouldRefuseAClientWithACertificateOfAnotherAuthority() throws Exception {
    assertHandshakeRefused(mutual, tls(stranger));
  }

  @Test
  void shouldRefuseAPlaintextClient() {
    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> ready(mutual, InsecureChannelCredentials.create()));

    assertThat(error).isNotNull();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  private void assertHandshakeRefused(InferenceServer server, ChannelCredentials credentials) {
    StatusRuntimeException error =
        catchThrowableOfType(StatusRuntimeException.class, () -> ready(server, credentials));

    assertThat(error).as("the call must fail").isNotNull();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error).hasRootCauseInstanceOf(SSLException.class);
  }

  private static ChannelCredentials tls(IssuedCertificate certificate) throws Exception {
    return TlsChannelCredentials.newBuilder()
        .trustManager(ca.certificate().toFile())
        .keyManager(certificate.certificate().toFile(), certificate.privateKey().toFile())
        .build();
  }

  private static boolean ready(InferenceServer server, ChannelCredentials credentials)
      throws InterruptedException {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("localhost", server.port(), credentials).build();
    try {
      return GRPCInferenceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(20, TimeUnit.SECONDS)
          .serverReady(ServerReadyRequest.getDefaultInstance())
          .getReady();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
