package io.distillery.claimcheck;

import java.time.Instant;

/**
 * A payload in a blob store, as a listing shows it.
 *
 * @param uri the URI claim checks name it by
 * @param sha256 its digest (the store is content-addressed: the name is the digest)
 * @param size its length in bytes
 * @param lastModified when it was written
 */
public record StoredBlob(String uri, String sha256, long size, Instant lastModified) {}
