package io.distillery.kserve.client;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS towards the inference servers: a trust store of PEM CA certificates and, for mutual TLS, a
 * PEM client certificate chain and PKCS#8 key.
 *
 * @param trustCertificates PEM file of CA certificates to trust; empty for the JVM's defaults
 * @param clientCertificate PEM client certificate chain, for mTLS
 * @param clientKey PEM PKCS#8 private key of the client certificate, for mTLS
 */
public record TlsSettings(
    Optional<Path> trustCertificates, Optional<Path> clientCertificate, Optional<Path> clientKey) {

  /** Validates that the files exist and that certificate and key come together. */
  public TlsSettings {
    if (clientCertificate.isPresent() != clientKey.isPresent()) {
      throw new IllegalArgumentException("mTLS needs both a client certificate and its key");
    }
    for (Optional<Path> p : java.util.List.of(trustCertificates, clientCertificate, clientKey)) {
      if (p.isPresent() && !Files.isReadable(p.get())) {
        throw new IllegalArgumentException("TLS file " + p.get() + " is not readable");
      }
    }
  }

  /** gRPC channel credentials for these settings. */
  public ChannelCredentials credentials() {
    try {
      TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
      if (trustCertificates.isPresent()) {
        b.trustManager(trustCertificates.get().toFile());
      }
      if (clientCertificate.isPresent()) {
        b.keyManager(clientCertificate.get().toFile(), clientKey.orElseThrow().toFile());
      }
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read TLS material", e);
    }
  }
}
