package io.distillery.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TLS listener the embedded broker opens beside its plaintext one.
 *
 * @param keyAndCertificate the broker's private key and certificate in one PEM file
 * @param trustedCertificates PEM certificates of the authorities whose clients it trusts
 * @param requireClientCertificate whether clients must present a certificate (mutual TLS)
 */
public record SslListener(
    Path keyAndCertificate, Path trustedCertificates, boolean requireClientCertificate) {

  /** Checks the files exist. */
  public SslListener {
    if (!Files.isReadable(keyAndCertificate) || !Files.isReadable(trustedCertificates)) {
      throw new IllegalArgumentException(
          "TLS listener files must exist and be readable: "
              + keyAndCertificate
              + ", "
              + trustedCertificates);
    }
  }

  /** The broker settings of a listener named {@code SSL}. */
  Map<String, String> brokerSettings() {
    String prefix = "listener.name.ssl.";
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(prefix + "ssl.keystore.type", "PEM");
    settings.put(prefix + "ssl.keystore.location", keyAndCertificate.toAbsolutePath().toString());
    settings.put(prefix + "ssl.truststore.type", "PEM");
    settings.put(
        prefix + "ssl.truststore.location", trustedCertificates.toAbsolutePath().toString());
    settings.put(prefix + "ssl.client.auth", requireClientCertificate ? "required" : "none");
    settings.put(prefix + "ssl.endpoint.identification.algorithm", "");
    return settings;
  }
}
