package io.distillery.claimcheck;

import io.distillery.schemas.avro.ClaimCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A blob store in a local (or shared, mounted) directory. Blobs are content-addressed ({@code
 * <root>/<sha[0..2]>/<sha>}), so writing the same payload twice stores it once, and a blob is
 * written to a temporary file, forced to disk and renamed, so a reader never sees half a blob.
 */
public final class LocalBlobStore implements BlobStore {

  private final Path root;

  /** A store under {@code root}, created if missing. */
  public LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create claim-check root " + this.root, e);
    }
  }

  /** The directory blobs are kept in; readers must list it among their allowed roots. */
  public Path root() {
    return root;
  }

  @Override
  public BlobLocation location() {
    return new BlobLocation.Directory(root);
  }

  @Override
  public List<StoredBlob> list() throws IOException {
    List<StoredBlob> blobs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root, 2)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path dir = file.getParent().getFileName();
        String name = file.getFileName().toString();
        if (file.getParent().getParent().equals(root)
            && BlobStore.payloadName(dir.toString(), name)) {
          blobs.add(
              new StoredBlob(
                  file.toUri().toString(),
                  name,
                  Files.size(file),
                  Files.getLastModifiedTime(file).toInstant()));
        }
      }
    }
    return blobs;
  }

  @Override
  public boolean deleteIfUnchanged(StoredBlob blob) throws IOException {
    Path file = Path.of(java.net.URI.create(blob.uri()));
    if (!Files.exists(file)
        || Files.getLastModifiedTime(file).toInstant().isAfter(blob.lastModified())) {
      return false;
    }
    return Files.deleteIfExists(file);
  }

  /** Nothing to release. */
  @Override
  public void close() {}

  @Override
  public ClaimCheck put(byte[] payload, String contentType) throws IOException {
    String sha = Sha256.hex(payload);
    Path target = root.resolve(sha.substring(0, 2)).resolve(sha);
    if (!Files.exists(target) || Files.size(target) != payload.length) {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), sha, ".part");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(payload));
        channel.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } else {
      // stored before: marked as written now, so a prune does not take it from the new record
      Files.setLastModifiedTime(
          target, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    }
    return ClaimCheck.newBuilder()
        .setUri(target.toUri().toString())
        .setSha256(sha)
        .setSize(payload.length)
        .setContentType(contentType)
        .build();
  }
}
