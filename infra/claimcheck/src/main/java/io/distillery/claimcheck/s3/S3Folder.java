package io.distillery.claimcheck.s3;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.claimcheck.BlobStoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A folder tree kept under an S3 prefix (files streamed, not held in memory), as Triton reads a
 * model repository from {@code s3://bucket/prefix}: files are copied up or down by their path
 * relative to the folder. Each object is one PUT; each file downloaded is written to a temporary
 * name and renamed, so a reader of the local copy never sees half a file.
 */
public final class S3Folder implements AutoCloseable {

  private final BlobLocation.Bucket location;
  private final S3Objects objects;

  /** The folder at {@code location}. */
  public S3Folder(BlobLocation.Bucket location) {
    this.location = location;
    this.objects = new S3Objects(location.s3());
  }

  /** Where the folder is. */
  public BlobLocation.Bucket location() {
    return location;
  }

  /**
   * Uploads the files under {@code local}/{@code relative}, in the order given by {@code last}:
   * every other file first, then those named in {@code last} (a model's {@code config.pbtxt} goes
   * after its version's files, so a server that loads on seeing the config finds them).
   *
   * @return the keys written
   */
  public List<String> upload(Path local, String relative, List<String> last) throws IOException {
    Path from = local.resolve(relative);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().endsWith(".part"))
              .sorted(
                  Comparator.comparing((Path f) -> last.contains(local.relativize(f).toString()))
                      .thenComparing(Path::toString))
              .toList();
    }
    List<String> keys = new ArrayList<>();
    try {
      for (Path file : files) {
        String key = location.key(local.relativize(file).toString().replace('\\', '/'));
        objects.writeFile(location.bucket(), key, file);
        keys.add(key);
      }
    } catch (BlobStoreUnavailableException e) {
      throw new IOException(e.getMessage(), e);
    }
    return keys;
  }

  /**
   * The numeric sub-folders of {@code relative} (a model's versions), ascending.
   *
   * @throws IOException when the store cannot be listed
   */
  public java.util.SortedSet<Long> numberedFolders(String relative) throws IOException {
    String from = location.key(relative + "/");
    java.util.SortedSet<Long> numbers = new java.util.TreeSet<>();
    try {
      for (S3Object object : objects.list(location.bucket(), from)) {
        String rest = object.key().substring(from.length());
        int slash = rest.indexOf('/');
        if (slash > 0 && rest.substring(0, slash).matches("[0-9]{1,18}")) {
          numbers.add(Long.parseLong(rest.substring(0, slash)));
        }
      }
    } catch (SdkException | BlobStoreUnavailableException e) {
      throw new IOException("Cannot list " + location + "/" + relative + ": " + e.getMessage(), e);
    }
    return numbers;
  }

  /**
   * Downloads every object under {@code relative} (the whole folder when empty) into {@code local},
   * replacing files whose MD5 differs from the object's ETag (a single PUT's ETag is its MD5; any
   * other ETag always differs, so such objects are always copied) and keeping local files the store
   * does not have.
   *
   * @return the files written
   */
  public List<Path> download(String relative, Path local) throws IOException {
    String prefix = location.key(relative.isEmpty() ? "" : relative + "/");
    if (relative.isEmpty()) {
      prefix = location.prefix().isEmpty() ? "" : location.prefix() + "/";
    }
    String base = location.prefix().isEmpty() ? "" : location.prefix() + "/";
    List<Path> written = new ArrayList<>();
    try {
      final String from = prefix;
      for (S3Object object : objects.list(location.bucket(), from)) {
        String name = object.key().substring(base.length());
        if (name.isEmpty() || !S3Keys.safe(name)) {
          continue;
        }
        Path target = local.resolve(name).normalize();
        if (!target.startsWith(local.normalize())) {
          continue;
        }
        if (Files.isRegularFile(target)
            && Files.size(target) == object.size()
            && md5(target).equals(object.eTag().replace("\"", ""))) {
          continue;
        }
        Files.createDirectories(target.getParent());
        Path temp =
            target.resolveSibling(
                target.getFileName() + "." + java.util.UUID.randomUUID() + ".part");
        if (!objects.readToFile(location.bucket(), object.key(), temp)) {
          throw new IOException("Vanished while copying: " + object.key());
        }
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written.add(target);
      }
    } catch (SdkException | BlobStoreUnavailableException e) {
      throw new IOException("Cannot copy " + location + "/" + relative + ": " + e.getMessage(), e);
    }
    return written;
  }

  private static String md5(Path file) throws IOException {
    try {
      java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
      try (java.io.InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          md5.update(buffer, 0, n);
        }
      }
      return java.util.HexFormat.of().formatHex(md5.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JVM has no MD5", e);
    }
  }

  @Override
  public void close() {
    objects.close();
  }
}
