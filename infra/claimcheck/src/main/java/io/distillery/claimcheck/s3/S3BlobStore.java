package io.distillery.claimcheck.s3;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.claimcheck.BlobStore;
import io.distillery.claimcheck.BlobStoreUnavailableException;
import io.distillery.claimcheck.Sha256;
import io.distillery.claimcheck.StoredBlob;
import io.distillery.schemas.avro.ClaimCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Claim checks in an S3 bucket under a prefix: {@code s3://bucket/prefix/<sha[0..2]>/<sha>}, each
 * written by one PUT (an object is visible whole or not at all) and skipped when an object of the
 * same size is already there. The SHA-256 also goes into the object's metadata, so the store can be
 * audited without the records.
 */
public final class S3BlobStore implements BlobStore {

  private final BlobLocation.Bucket location;
  private final S3Objects objects;

  /** A store writing under {@code location}. */
  public S3BlobStore(BlobLocation.Bucket location) {
    this.location = location;
    this.objects = new S3Objects(location.s3());
  }

  @Override
  public BlobLocation location() {
    return location;
  }

  @Override
  public ClaimCheck put(byte[] payload, String contentType) throws IOException {
    String sha = Sha256.hex(payload);
    String key = location.key(sha.substring(0, 2) + "/" + sha);
    try {
      // written even when present: a PUT needs no read permission, and the fresh last-modified
      // time keeps a prune from taking a payload a new record has just named again
      objects.write(location.bucket(), key, payload, contentType, Map.of("sha256", sha));
    } catch (BlobStoreUnavailableException e) {
      throw new IOException(e.getMessage(), e);
    }
    return ClaimCheck.newBuilder()
        .setUri(location.uri(key).toString())
        .setSha256(sha)
        .setSize(payload.length)
        .setContentType(contentType)
        .build();
  }

  @Override
  public List<StoredBlob> list() throws IOException {
    String from = location.prefix().isEmpty() ? "" : location.prefix() + "/";
    List<StoredBlob> blobs = new ArrayList<>();
    try {
      for (S3Object object : objects.list(location.bucket(), from)) {
        String[] rest = object.key().substring(from.length()).split("/");
        if (rest.length == 2 && BlobStore.payloadName(rest[0], rest[1])) {
          blobs.add(
              new StoredBlob(
                  location.uri(object.key()).toString(),
                  rest[1],
                  object.size(),
                  object.lastModified()));
        }
      }
    } catch (SdkException | BlobStoreUnavailableException e) {
      throw new IOException("Cannot list " + location + ": " + e.getMessage(), e);
    }
    return blobs;
  }

  @Override
  public boolean deleteIfUnchanged(StoredBlob blob) throws IOException {
    String prefix = "s3://" + location.bucket() + "/";
    if (!blob.uri().startsWith(prefix)) {
      throw new IllegalArgumentException(blob.uri() + " is not in " + location);
    }
    String key = blob.uri().substring(prefix.length());
    try {
      Optional<java.time.Instant> modified = objects.lastModified(location.bucket(), key);
      if (modified.isEmpty() || modified.get().isAfter(blob.lastModified())) {
        return false;
      }
      objects.delete(location.bucket(), key);
      return true;
    } catch (BlobStoreUnavailableException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    objects.close();
  }
}
