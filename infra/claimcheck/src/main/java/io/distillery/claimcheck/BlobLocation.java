package io.distillery.claimcheck;

import io.distillery.claimcheck.s3.S3Keys;
import io.distillery.claimcheck.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where claim-checked payloads live: a local (or mounted) directory, or a prefix of an S3 bucket.
 * Producers write to one; readers list the ones they may read from, and refuse anything outside
 * them. Written as a path or {@code file:} URI, or as {@code s3://bucket/prefix}.
 */
public sealed interface BlobLocation {

  /** A directory of the local file system (or a shared mount). */
  record Directory(Path root) implements BlobLocation {
    /** The directory, made absolute. */
    public Directory {
      root = root.toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
      return root.toString();
    }
  }

  /**
   * A prefix of an S3 bucket, reached with {@code s3}'s endpoint, region and credentials.
   *
   * @param prefix the key prefix without leading or trailing slash; empty for the whole bucket
   */
  record Bucket(String bucket, String prefix, S3Settings s3) implements BlobLocation {
    /** Validates the bucket name and the prefix's segments. */
    public Bucket {
      if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
        throw new IllegalArgumentException(
            "Not an S3 bucket name: '" + bucket + "' (3-63 lower-case letters, digits, '.', '-')");
      }
      prefix = prefix == null ? "" : stripSlashes(prefix);
      if (!prefix.isEmpty() && !S3Keys.safe(prefix)) {
        throw new IllegalArgumentException(
            "S3 prefix '" + prefix + "' has an empty, '.' or '..' segment");
      }
      if (s3 == null) {
        throw new IllegalArgumentException("S3 settings are required for s3://" + bucket);
      }
    }

    /** The key of {@code name} under this prefix. */
    public String key(String name) {
      return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /**
     * Whether {@code key} lies under this prefix (a whole segment: {@code asr} is not {@code
     * asr-en}).
     */
    public boolean holds(String bucketName, String key) {
      return bucket.equals(bucketName) && (prefix.isEmpty() || key.startsWith(prefix + "/"));
    }

    /** The {@code s3://} URI of {@code key}. */
    public URI uri(String key) {
      return URI.create("s3://" + bucket + "/" + key);
    }

    @Override
    public String toString() {
      return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
  }

  /**
   * Parses a location: {@code s3://bucket[/prefix]} (with {@code s3}'s settings), a {@code file:}
   * URI, or a path.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static BlobLocation parse(String text, S3Settings s3) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("An empty claim-check location");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("s3://")) {
      String rest = text.substring("s3://".length());
      int slash = rest.indexOf('/');
      return slash < 0
          ? new Bucket(rest, "", s3)
          : new Bucket(rest.substring(0, slash), rest.substring(slash + 1), s3);
    }
    if (lower.startsWith("file:")) {
      return new Directory(Path.of(URI.create(text)));
    }
    if (lower.matches("^[a-z][a-z0-9+.\\-]*://.*")) {
      throw new IllegalArgumentException(
          "Claim-check location '" + text + "': only s3:// and file: URIs or paths are supported");
    }
    return new Directory(Path.of(text));
  }

  /** Parses each of {@code texts} with {@link #parse}. */
  static List<BlobLocation> parseAll(List<String> texts, S3Settings s3) {
    return texts.stream().map(t -> parse(t, s3)).toList();
  }

  /** Directories for each of {@code roots}. */
  static List<BlobLocation> directories(List<Path> roots) {
    return roots.stream().<BlobLocation>map(Directory::new).toList();
  }

  private static String stripSlashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '/') {
      to--;
    }
    return s.substring(from, to);
  }
}
