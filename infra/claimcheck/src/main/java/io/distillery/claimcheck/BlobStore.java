package io.distillery.claimcheck;

import io.distillery.claimcheck.s3.S3BlobStore;
import io.distillery.schemas.avro.ClaimCheck;
import java.io.IOException;
import java.util.List;

/**
 * Where a producer puts payloads too large to travel inline. Blobs are content-addressed ({@code
 * <root>/<sha[0..2]>/<sha>}), so the same payload is stored once, and written whole before the
 * claim check that names it is returned.
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Stores {@code payload} and returns the claim check a record carries instead of it.
   *
   * @throws IOException when the store cannot be written (the record is then not sent)
   */
  ClaimCheck put(byte[] payload, String contentType) throws IOException;

  /** Where blobs go, for logs and for the readers' allowed roots. */
  BlobLocation location();

  /**
   * Every payload of this store ({@code <sha[0..2]>/<sha>} under its root; anything else there is
   * not the store's and is left out).
   */
  List<StoredBlob> list() throws IOException;

  /**
   * Deletes a payload {@link #list()} returned unless it was written again since (a producer that
   * stores a payload already there refreshes it); one already gone is not an error.
   *
   * @return whether it was deleted
   */
  boolean deleteIfUnchanged(StoredBlob blob) throws IOException;

  /** Whether {@code name}, under a folder {@code dir}, is how this store names a payload. */
  static boolean payloadName(String dir, String name) {
    return name.length() == 64
        && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
        && name.startsWith(dir);
  }

  @Override
  void close();

  /** The store at {@code location}. */
  static BlobStore open(BlobLocation location) {
    if (location instanceof BlobLocation.Bucket bucket) {
      return new S3BlobStore(bucket);
    }
    return new LocalBlobStore(((BlobLocation.Directory) location).root());
  }
}
