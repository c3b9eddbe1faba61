package io.distillery.claimcheck;

import io.distillery.schemas.avro.ClaimCheck;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads claim-checked payloads back, for any stage. A URI is honoured only if it is a {@code file:}
 * URI without {@code ..} segments whose real path lies under one of the configured roots (symbolic
 * links resolved), its size matches, and its SHA-256 matches the record's.
 */
public final class ClaimCheckResolver {

  private final List<Path> roots;
  private final long maxBytes;

  /**
   * A resolver that honours URIs under {@code roots} only.
   *
   * @param roots allowed roots; an empty list refuses every claim check
   * @param maxBytes largest payload it will read into memory
   */
  public ClaimCheckResolver(List<Path> roots, long maxBytes) {
    this.roots = roots.stream().map(ClaimCheckResolver::realOrNormal).toList();
    this.maxBytes = maxBytes;
  }

  /**
   * The payload of a raw record: its inline bytes, or the verified bytes its claim check points to.
   *
   * @throws RefusedRecordException {@code missing-payload} when it has neither, or why the claim
   *     check was refused
   */
  public byte[] payload(io.distillery.schemas.avro.RawRecord raw) throws RefusedRecordException {
    if (raw.getInline() != null) {
      java.nio.ByteBuffer inline = raw.getInline().duplicate();
      byte[] bytes = new byte[inline.remaining()];
      inline.get(bytes);
      return bytes;
    }
    if (raw.getClaimCheck() == null) {
      throw new RefusedRecordException(
          DeadLetterReason.MISSING_PAYLOAD,
          "Record " + raw.getId() + " has neither inline bytes nor a claim check");
    }
    return fetch(raw.getClaimCheck());
  }

  /** The payload the claim check points to, verified. */
  public byte[] fetch(ClaimCheck check) throws RefusedRecordException {
    Path path = allowedPath(check.getUri());
    if (check.getSize() > maxBytes) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_TOO_LARGE,
          "Claim-checked payload of "
              + check.getSize()
              + " bytes exceeds the limit of "
              + maxBytes);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_MISSING, "Claim-check blob not found: " + check.getUri(), e);
    } catch (IOException e) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_MISSING,
          "Cannot read claim-check blob " + check.getUri() + ": " + e,
          e);
    }
    if (bytes.length != check.getSize()) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_SIZE_MISMATCH,
          "Claim-check blob "
              + check.getUri()
              + " has "
              + bytes.length
              + " bytes, the record says "
              + check.getSize());
    }
    String actual = Sha256.hex(bytes);
    if (!actual.equalsIgnoreCase(check.getSha256())) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_HASH_MISMATCH,
          "Claim-check blob "
              + check.getUri()
              + " has SHA-256 "
              + actual
              + ", the record says "
              + check.getSha256());
    }
    return bytes;
  }

  /** The local path of {@code uri} if it is allowed; refuses anything outside the roots. */
  public Path allowedPath(String uri) throws RefusedRecordException {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_OUTSIDE_ROOTS, "Malformed claim-check URI: " + uri, e);
    }
    if (!"file".equalsIgnoreCase(parsed.getScheme())) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_UNSUPPORTED,
          "Claim-check URI scheme '" + parsed.getScheme() + "' is not supported: " + uri);
    }
    String rawPath = parsed.getPath();
    if (rawPath == null || List.of(rawPath.split("/")).contains("..")) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_OUTSIDE_ROOTS,
          "Claim-check URI with '..' segments refused: " + uri);
    }
    Path path = realOrNormal(Path.of(parsed));
    for (Path root : roots) {
      if (path.startsWith(root)) {
        return path;
      }
    }
    throw new RefusedRecordException(
        DeadLetterReason.CLAIM_CHECK_OUTSIDE_ROOTS,
        "Claim-check URI " + uri + " is outside the allowed roots " + roots);
  }

  private static Path realOrNormal(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      return absolute;
    }
  }
}
