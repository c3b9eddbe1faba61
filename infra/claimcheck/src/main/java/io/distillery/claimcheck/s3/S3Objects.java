package io.distillery.claimcheck.s3;

import io.distillery.claimcheck.BlobStoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The few S3 calls claim checks make, with the store's failures sorted into the kinds a stage
 * treats differently: an object that is not there ({@link Optional#empty()}: only S3's {@code
 * NoSuchKey}, never a bare 404 from a misrouted endpoint), an object that cannot be read as it is
 * ({@link UnreadableObjectException}: archived, {@code InvalidObjectState}), and a store that
 * cannot answer ({@link BlobStoreUnavailableException}: everything else, access denied included).
 * Readers need {@code s3:GetObject} and {@code s3:ListBucket} on their prefixes (without ListBucket
 * S3 answers a missing object with 403, which reads as an outage); producers {@code s3:PutObject}.
 * One client per settings; close it when done.
 */
public final class S3Objects implements AutoCloseable {

  private final S3Settings settings;
  private final S3Client client;

  /** A client for {@code settings}. */
  public S3Objects(S3Settings settings) {
    this.settings = settings;
    this.client = settings.client();
  }

  /** The settings this client was made with. */
  public S3Settings settings() {
    return settings;
  }

  /**
   * At most the first {@code limit} bytes of an object, so a record cannot make a reader hold more
   * than its claimed size plus one byte; empty when the object or its bucket does not exist.
   */
  public Optional<byte[]> read(String bucket, String key, long limit) {
    try {
      ResponseBytes<GetObjectResponse> bytes =
          client.getObjectAsBytes(
              b -> {
                b.bucket(bucket).key(key);
                if (limit > 0) {
                  b.range("bytes=0-" + (limit - 1));
                }
              });
      return Optional.of(bytes.asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && "NoSuchKey".equals(errorCode(e))) {
        return Optional.empty();
      }
      if (e.statusCode() == 416) {
        return Optional.of(new byte[0]); // a range past the end: the object is empty
      }
      if ("InvalidObjectState".equals(errorCode(e))) {
        throw new UnreadableObjectException(
            "s3://" + bucket + "/" + key + " is archived (InvalidObjectState): restore it first",
            e);
      }
      throw unavailable("GET", bucket, key, e);
    } catch (SdkException e) {
      throw unavailable("GET", bucket, key, e);
    }
  }

  /** When the object was last written, or empty when it does not exist. */
  public Optional<java.time.Instant> lastModified(String bucket, String key) {
    return head(bucket, key).map(HeadObjectResponse::lastModified);
  }

  private Optional<HeadObjectResponse> head(String bucket, String key) {
    try {
      return Optional.of(client.headObject(b -> b.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
        return Optional.empty(); // HEAD answers carry no body, so no error code to tell them apart
      }
      throw unavailable("HEAD", bucket, key, e);
    } catch (SdkException e) {
      throw unavailable("HEAD", bucket, key, e);
    }
  }

  /** Writes an object whole (a single PUT: readers never see part of it). */
  public void write(
      String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {
    put(bucket, key, contentType, metadata, RequestBody.fromBytes(bytes));
  }

  /** Writes a file as an object, streamed from disk (a single PUT). */
  public void writeFile(String bucket, String key, java.nio.file.Path file) {
    put(bucket, key, "application/octet-stream", Map.of(), RequestBody.fromFile(file));
  }

  private void put(
      String bucket,
      String key,
      String contentType,
      Map<String, String> metadata,
      RequestBody body) {
    try {
      client.putObject(
          b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata), body);
    } catch (SdkException e) {
      throw unavailable("PUT", bucket, key, e);
    }
  }

  /**
   * Streams an object into {@code file}, which must not exist yet.
   *
   * @return false when the object does not exist (S3's {@code NoSuchKey})
   */
  public boolean readToFile(String bucket, String key, java.nio.file.Path file) {
    try {
      client.getObject(
          b -> b.bucket(bucket).key(key),
          software.amazon.awssdk.core.sync.ResponseTransformer.toFile(file));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (SdkException e) {
      try {
        java.nio.file.Files.deleteIfExists(file);
      } catch (java.io.IOException ignored) {
        // the partial file has a .part name no reader takes
      }
      throw unavailable("GET", bucket, key, e);
    }
  }

  /** Deletes an object; deleting one that is not there is not an error. */
  public void delete(String bucket, String key) {
    try {
      client.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw unavailable("DELETE", bucket, key, e);
    }
  }

  /** Every object whose key starts with {@code prefix}, all pages read. */
  public List<S3Object> list(String bucket, String prefix) {
    try {
      List<S3Object> all = new ArrayList<>();
      client
          .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
          .contents()
          .forEach(all::add);
      return all;
    } catch (SdkException e) {
      throw unavailable("LIST", bucket, prefix, e);
    }
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private BlobStoreUnavailableException unavailable(
      String verb, String bucket, String key, SdkException e) {
    String what =
        e instanceof S3Exception s3
            ? "answered HTTP "
                + s3.statusCode()
                + (errorCode(s3) != null ? " " + errorCode(s3) : "")
                + (s3.statusCode() == 403 ? " (check the credentials and the bucket policy)" : "")
            : "failed: " + e.getMessage();
    return new BlobStoreUnavailableException(
        "S3 " + verb + " s3://" + bucket + "/" + key + " " + what + " (" + settings + ")", e);
  }

  @Override
  public void close() {
    client.close();
  }
}
