package io.distillery.testkit.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of its own, kept as PEM files in a directory, that issues server and
 * client certificates for loopback tests and local set-ups. Keys are unencrypted PKCS#8 PEM, which
 * both gRPC (Netty) and Kafka ({@code ssl.keystore.type=PEM}) read. Needs the {@code openssl}
 * command.
 */
public final class CertificateAuthority {

  private final Path dir;
  private final Path certificate;
  private final Path key;

  private CertificateAuthority(Path dir) {
    this.dir = dir;
    this.certificate = dir.resolve("ca.crt");
    this.key = dir.resolve("ca.key");
  }

  /** Creates a new authority named {@code name} in {@code dir}, valid for two days. */
  public static CertificateAuthority create(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    CertificateAuthority ca = new CertificateAuthority(dir);
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-keyout",
        ca.key.toString(),
        "-out",
        ca.certificate.toString(),
        "-subj",
        "/CN=" + name);
    return ca;
  }

  /** The authority's certificate (PEM), which peers trust. */
  public Path certificate() {
    return certificate;
  }

  /**
   * Issues a certificate for {@code commonName}, valid for loopback ({@code localhost} and {@code
   * 127.0.0.1}) so it serves as a server or a client certificate.
   */
  public IssuedCertificate issue(String commonName) throws IOException {
    Path certKey = dir.resolve(commonName + ".key");
    Path csr = dir.resolve(commonName + ".csr");
    Path cert = dir.resolve(commonName + ".crt");
    Path extensions = dir.resolve(commonName + ".ext");
    Files.writeString(
        extensions,
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n" + "extendedKeyUsage=serverAuth,clientAuth\n",
        StandardCharsets.US_ASCII);
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        certKey.toString(),
        "-out",
        csr.toString(),
        "-subj",
        "/CN=" + commonName);
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        certificate.toString(),
        "-CAkey",
        key.toString(),
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        cert.toString(),
        "-extfile",
        extensions.toString());
    Path bundle = dir.resolve(commonName + ".pem");
    Files.writeString(bundle, Files.readString(certKey) + Files.readString(cert));
    return new IssuedCertificate(cert, certKey, bundle);
  }

  /**
   * {@code certificate} and its key as a PKCS#12 key store protected by {@code password}, the form
   * Kafka's {@code ssl.keystore.type=PKCS12} with {@code ssl.keystore.password} reads.
   */
  public Path keyStore(IssuedCertificate certificate, String password) throws IOException {
    String name = certificate.certificate().getFileName().toString().replaceFirst("\\.crt$", "");
    Path store = dir.resolve(name + ".p12");
    Path passwordFile = Files.createTempFile(dir, "store", ".pass");
    try {
      Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
      openssl(
          dir,
          "pkcs12",
          "-export",
          "-inkey",
          certificate.privateKey().toString(),
          "-in",
          certificate.certificate().toString(),
          "-name",
          name,
          "-passout",
          "file:" + passwordFile,
          "-out",
          store.toString());
    } finally {
      Files.deleteIfExists(passwordFile);
    }
    return store;
  }

  private static void openssl(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "openssl", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("openssl " + args[0] + " failed: " + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while running openssl", e);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * A certificate issued by the authority.
   *
   * @param certificate the certificate (PEM)
   * @param privateKey its unencrypted PKCS#8 private key (PEM)
   * @param keyAndCertificate key and certificate in one PEM file, as Kafka's PEM keystore wants
   */
  public record IssuedCertificate(Path certificate, Path privateKey, Path keyAndCertificate) {}
}
