package io.distillery.cli;

import io.distillery.kserve.client.TlsSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a command reaches inference servers over TLS; a picocli mixin. */
public final class TlsClientOptions {

  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      description = "PEM CA certificates to trust on the inference servers (enables TLS).")
  Path ca;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM client certificate (mutual TLS; needs --tls-key).")
  Path cert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM PKCS#8 key of --tls-cert.")
  Path key;

  /** The TLS settings, or empty for plaintext when no option is given. */
  public Optional<TlsSettings> settings() {
    if (ca == null && cert == null && key == null) {
      return Optional.empty();
    }
    return Optional.of(
        new TlsSettings(
            Optional.ofNullable(ca), Optional.ofNullable(cert), Optional.ofNullable(key)));
  }
}
