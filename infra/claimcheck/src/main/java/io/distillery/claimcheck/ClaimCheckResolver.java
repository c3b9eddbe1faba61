package io.distillery.claimcheck;

import io.distillery.claimcheck.s3.S3Keys;
import io.distillery.claimcheck.s3.S3Objects;
import io.distillery.claimcheck.s3.S3Settings;
import io.distillery.claimcheck.s3.UnreadableObjectException;
import io.distillery.schemas.avro.ClaimCheck;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads claim-checked payloads back, for any stage. A URI is honoured only if it lies under one of
 * the configured locations: a {@code file:} URI without {@code ..} segments whose real path is
 * under an allowed directory (symbolic links resolved), or an {@code s3://} URI whose bucket and
 * key are under an allowed bucket prefix (no empty, {@code .} or {@code ..} segments). Its size
 * must match and its SHA-256 must match the record's.
 *
 * <p>A record at fault (outside the roots, missing, wrong size or digest) is refused with its
 * dead-letter reason; a store that cannot answer raises {@link BlobStoreUnavailableException}
 * instead, and {@link #payloadWhenAvailable} waits for it, so good records are never dead-lettered
 * during an outage. Close the resolver to release its S3 clients.
 */
public final class ClaimCheckResolver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimCheckResolver.class);
  private static final Duration FIRST_WAIT = Duration.ofMillis(250);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(10);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

  private final List<Path> directories;
  private final List<BlobLocation.Bucket> buckets;
  private final long maxBytes;
  private final Map<S3Settings, S3Objects> clients = new HashMap<>();
  // guarded by clients: once closed, no new S3 client is opened (it would never be closed)
  private boolean closed;

  /**
   * A resolver that honours URIs under {@code roots} only.
   *
   * @param roots allowed locations; an empty list refuses every claim check
   * @param maxBytes largest payload it will read into memory
   */
  public ClaimCheckResolver(List<BlobLocation> roots, long maxBytes) {
    this.directories =
        roots.stream()
            .filter(BlobLocation.Directory.class::isInstance)
            .map(r -> realOrNormal(((BlobLocation.Directory) r).root()))
            .toList();
    this.buckets =
        roots.stream()
            .filter(BlobLocation.Bucket.class::isInstance)
            .map(BlobLocation.Bucket.class::cast)
            .toList();
    this.maxBytes = maxBytes;
    // made now, so a store that cannot be configured (no region, say) stops the stage at start
    // instead of failing on every record
    buckets.forEach(b -> clients.computeIfAbsent(b.s3(), S3Objects::new));
  }

  /** A resolver for local directories only. */
  public static ClaimCheckResolver local(List<Path> roots, long maxBytes) {
    return new ClaimCheckResolver(BlobLocation.directories(roots), maxBytes);
  }

  /**
   * The payload of a raw record: its inline bytes, or the verified bytes its claim check points to.
   *
   * @throws RefusedRecordException {@code missing-payload} when it has neither, or why the claim
   *     check was refused
   * @throws BlobStoreUnavailableException when the store cannot answer
   */
  public byte[] payload(RawRecord raw) throws RefusedRecordException {
    if (raw.getInline() != null) {
      return inline(raw);
    }
    if (raw.getClaimCheck() == null) {
      throw new RefusedRecordException(
          DeadLetterReason.MISSING_PAYLOAD,
          "Record " + raw.getId() + " has neither inline bytes nor a claim check");
    }
    return fetch(raw.getClaimCheck());
  }

  /**
   * A copy of the record's inline payload, which needs no store (so any thread may ask).
   *
   * @throws IllegalArgumentException when the payload is passed by claim check
   */
  public static byte[] inline(RawRecord raw) {
    if (raw.getInline() == null) {
      throw new IllegalArgumentException("Record " + raw.getId() + " has no inline payload");
    }
    ByteBuffer inline = raw.getInline().duplicate();
    byte[] bytes = new byte[inline.remaining()];
    inline.get(bytes);
    return bytes;
  }

  /**
   * {@link #payload}, waiting out an unavailable store: tries again with a backoff (250 ms doubling
   * to 10 s) for as long as {@code keepTrying} holds, logging the outage when it starts, every 30 s
   * while it lasts, and when it ends. The caller's input stays where it is meanwhile.
   *
   * @throws BlobStoreUnavailableException when {@code keepTrying} stops holding or the thread is
   *     interrupted during an outage (interrupt status kept)
   */
  public byte[] payloadWhenAvailable(RawRecord raw, BooleanSupplier keepTrying)
      throws RefusedRecordException {
    long wait = FIRST_WAIT.toMillis();
    long since = 0;
    long reported = 0;
    while (true) {
      try {
        byte[] bytes = payload(raw);
        if (since != 0) {
          LOG.info(
              "Claim-check store answers again after {} s; reading on",
              (System.nanoTime() - since) / 1_000_000_000L);
        }
        return bytes;
      } catch (BlobStoreUnavailableException e) {
        long now = System.nanoTime();
        if (since == 0) {
          since = now;
        }
        if (reported == 0 || now - reported >= REPORT_EVERY.toNanos()) {
          reported = now;
          LOG.warn(
              "Claim-check store unavailable for record {}, holding input and trying again: {}",
              raw.getId(),
              e.getMessage());
        }
        if (!keepTrying.getAsBoolean()) {
          throw e;
        }
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        wait = Math.min(LONGEST_WAIT.toMillis(), wait * 2);
      }
    }
  }

  /**
   * The payload the claim check points to, verified.
   *
   * @throws BlobStoreUnavailableException when the store cannot answer
   */
  public byte[] fetch(ClaimCheck check) throws RefusedRecordException {
    URI uri = parse(check.getUri());
    boolean s3 = "s3".equalsIgnoreCase(uri.getScheme());
    Path path = s3 ? null : allowedPath(uri, check.getUri());
    BlobLocation.Bucket bucket = s3 ? allowedBucket(uri, check.getUri()) : null;
    if (check.getSize() < 0) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_SIZE_MISMATCH,
          "Claim check " + check.getUri() + " claims a negative size: " + check.getSize());
    }
    if (check.getSize() > maxBytes) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_TOO_LARGE,
          "Claim-checked payload of "
              + check.getSize()
              + " bytes exceeds the limit of "
              + maxBytes);
    }
    byte[] bytes = s3 ? readObject(bucket, uri, check) : readFile(path, check);
    if (bytes.length != check.getSize()) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_SIZE_MISMATCH,
          "Claim-check blob "
              + check.getUri()
              + (bytes.length > check.getSize()
                  ? " is longer than"
                  : " has " + bytes.length + " bytes,")
              + " the record says "
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
    return allowedPath(parse(uri), uri);
  }

  private static URI parse(String uri) throws RefusedRecordException {
    try {
      return new URI(uri);
    } catch (URISyntaxException e) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_OUTSIDE_ROOTS, "Malformed claim-check URI: " + uri, e);
    }
  }

  private Path allowedPath(URI parsed, String uri) throws RefusedRecordException {
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
    for (Path root : directories) {
      if (path.startsWith(root)) {
        return path;
      }
    }
    throw new RefusedRecordException(
        DeadLetterReason.CLAIM_CHECK_OUTSIDE_ROOTS,
        "Claim-check URI " + uri + " is outside the allowed roots " + roots());
  }

  private BlobLocation.Bucket allowedBucket(URI parsed, String uri) throws RefusedRecordException {
    String bucket = parsed.getAuthority();
    String path = parsed.getPath();
    String key = path == null || path.isEmpty() ? "" : path.substring(1);
    if (bucket == null
        || !S3Keys.safe(key)
        || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_OUTSIDE_ROOTS,
          "Claim-check URI without a bucket and key, with an empty, '.' or '..' segment, or a key"
              + " longer than S3's 1024 bytes: "
              + uri);
    }
    for (BlobLocation.Bucket root : buckets) {
      if (root.holds(bucket, key)) {
        return root;
      }
    }
    throw new RefusedRecordException(
        DeadLetterReason.CLAIM_CHECK_OUTSIDE_ROOTS,
        "Claim-check URI " + uri + " is outside the allowed roots " + roots());
  }

  private static byte[] readFile(Path path, ClaimCheck check) throws RefusedRecordException {
    try {
      long size = Files.size(path);
      if (size != check.getSize()) {
        // told without reading a file the record does not describe
        throw new RefusedRecordException(
            DeadLetterReason.CLAIM_CHECK_SIZE_MISMATCH,
            "Claim-check blob "
                + check.getUri()
                + " has "
                + size
                + " bytes, the record says "
                + check.getSize());
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_MISSING, "Claim-check blob not found: " + check.getUri(), e);
    } catch (IOException e) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_MISSING,
          "Cannot read claim-check blob " + check.getUri() + ": " + e,
          e);
    }
  }

  private byte[] readObject(BlobLocation.Bucket root, URI uri, ClaimCheck check)
      throws RefusedRecordException {
    S3Objects objects;
    synchronized (clients) {
      if (closed) {
        // a read racing a shutdown: the input stays where it is, as in an outage
        throw new BlobStoreUnavailableException(
            "Claim-check resolver closed; " + check.getUri() + " is read again next run", null);
      }
      objects = clients.computeIfAbsent(root.s3(), S3Objects::new);
    }
    // one byte more than claimed, so a longer object shows as a size mismatch without reading it
    // all
    Optional<byte[]> bytes;
    try {
      bytes = objects.read(uri.getAuthority(), uri.getPath().substring(1), check.getSize() + 1);
    } catch (UnreadableObjectException e) {
      throw new RefusedRecordException(
          DeadLetterReason.CLAIM_CHECK_MISSING,
          "Claim-check object unreadable: " + e.getMessage(),
          e);
    }
    return bytes.orElseThrow(
        () ->
            new RefusedRecordException(
                DeadLetterReason.CLAIM_CHECK_MISSING,
                "Claim-check object not found: " + check.getUri()));
  }

  private String roots() {
    List<String> all = new java.util.ArrayList<>();
    directories.forEach(d -> all.add(d.toString()));
    buckets.forEach(b -> all.add(b.toString()));
    return all.toString();
  }

  private static Path realOrNormal(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      return absolute;
    }
  }

  /** Releases the S3 clients. */
  @Override
  public void close() {
    synchronized (clients) {
      closed = true;
      clients.values().forEach(S3Objects::close);
      clients.clear();
    }
  }
}
