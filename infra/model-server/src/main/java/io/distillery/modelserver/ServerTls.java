package io.distillery.modelserver;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TLS of the development inference server: its certificate chain and PKCS#8 key (PEM) and, for
 * mutual TLS, the PEM certificates of the authorities whose client certificates it accepts; a
 * client without such a certificate is refused during the handshake.
 *
 * @param certificateChain PEM certificate chain the server presents
 * @param privateKey PEM PKCS#8 private key of that certificate, unencrypted
 * @param clientAuthorities PEM CA certificates; present: clients must show a certificate they
 *     issued (mutual TLS); empty: any client may connect over TLS
 */
public record ServerTls(Path certificateChain, Path privateKey, Optional<Path> clientAuthorities) {

  /** Checks every file is readable, so a typo fails at start with the path in the message. */
  public ServerTls {
    List<Path> files = new ArrayList<>(List.of(certificateChain, privateKey));
    clientAuthorities.ifPresent(files::add);
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("TLS file " + file + " does not exist or is unreadable");
      }
    }
  }

  /** TLS without client certificates. */
  public static ServerTls of(Path certificateChain, Path privateKey) {
    return new ServerTls(certificateChain, privateKey, Optional.empty());
  }

  /** Mutual TLS: clients must present a certificate issued by {@code clientAuthorities}. */
  public static ServerTls mutual(Path certificateChain, Path privateKey, Path clientAuthorities) {
    return new ServerTls(certificateChain, privateKey, Optional.of(clientAuthorities));
  }

  /** Whether clients must present a certificate. */
  public boolean mutual() {
    return clientAuthorities.isPresent();
  }

  /** gRPC server credentials for these settings. */
  public ServerCredentials credentials() {
    try {
      TlsServerCredentials.Builder builder =
          TlsServerCredentials.newBuilder()
              .keyManager(certificateChain.toFile(), privateKey.toFile());
      if (clientAuthorities.isPresent()) {
        builder
            .trustManager(clientAuthorities.get().toFile())
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the server's TLS material", e);
    }
  }
}
