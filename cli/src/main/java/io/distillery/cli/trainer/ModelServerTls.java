package io.distillery.cli.trainer;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Channel credentials towards model servers from the {@code --tls-*} options. */
final class ModelServerTls {

  private ModelServerTls() {}

  /**
   * Plaintext when no option is given; TLS trusting {@code ca} (or the JVM's defaults); mutual TLS
   * when {@code cert} and {@code key} are given.
   *
   * @throws IllegalArgumentException when a file is missing or only one of cert and key is given
   */
  static ChannelCredentials credentials(Path ca, Path cert, Path key) {
    if (ca == null && cert == null && key == null) {
      return InsecureChannelCredentials.create();
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("mutual TLS needs both --tls-cert and --tls-key");
    }
    for (Path file : new Path[] {ca, cert, key}) {
      if (file != null && !Files.isReadable(file)) {
        throw new IllegalArgumentException("TLS file " + file + " is not readable");
      }
    }
    try {
      TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
      if (ca != null) {
        builder.trustManager(ca.toFile());
      }
      if (cert != null) {
        builder.keyManager(cert.toFile(), key.toFile());
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read TLS material", e);
    }
  }
}
