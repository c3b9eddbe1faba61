package io.distillery.producers.ingest;

import io.distillery.claimcheck.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * Stable record ids: the same source identity, reference and content always give the same id, on
 * any machine, so a re-sent sample carries the key it had the first time.
 */
public final class RecordIds {

  private RecordIds() {}

  /**
   * The first 128 bits, as 32 hex characters, of SHA-256 over the identity, the reference and the
   * content's SHA-256, separated by NUL bytes.
   */
  public static String of(String identity, String reference, byte[] content) {
    String material =
        identity + '\0' + (reference == null ? "" : reference) + '\0' + Sha256.hex(content);
    return Sha256.hex(material.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }
}
